"""Each library's naming rules and the package facts no rule gives (iconseek.similar.names).

Shared by both directions: :mod:`iconseek.similar.names` (code name -> catalogue
name) and :mod:`iconseek.similar.names_component` (catalogue name -> React
import). Sources and measured round-trip rates: docs/EQUIVALENTS.md, "Names in code".
Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_INPUT = 200  # characters; the longest catalogue name has about 50

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")  # a JavaScript identifier (ASCII subset)
_ALLOWED = re.compile(r"[A-Za-z0-9 _-]*[A-Za-z0-9][A-Za-z0-9 _-]*")  # what parse_name accepts
_JSX_TAG = re.compile(r"<\s*([A-Za-z0-9_$.]+)(?:\s[^<>]*)?/?\s*>")
_EXTENSION = re.compile(r"\.(?:svg|js|mjs|cjs|jsx|ts|tsx)$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Z][a-z]*|[a-z]+|[0-9]+")
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a catalogue name; Material and Carbon differ:
_MATERIAL_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
_CARBON_NAME = re.compile(r"[A-Za-z0-9]+(?:--?[A-Za-z0-9]+)*")


@dataclass(frozen=True)
class _Rules:
    """How one library's names are spelt in code (docs/EQUIVALENTS.md, "Names in code")."""

    package: str  # the React package ("{style}" is filled in); Material: the SVG package
    styles: tuple[str, ...] = ("",)  # component_name(style=...) values; the first is the default
    sep: str = "-"  # word separator of catalogue names
    digits: str = "never"  # when digits join the word before them: see _split_code
    digit_capitals: bool = True  # a lone capital after digits is theirs: 2X2 (npm camelcase), 3D (Carbon)
    prefixes: tuple[str, ...] = ()  # the package's affixes, stripped when a capital or digit follows
    react_icons: tuple[str, ...] = ()  # react-icons prefixes (the rest is npm camelcase)
    suffixes: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()  # trailing style words the catalogue folds into the base icon
    optional_variants: tuple[str, ...] = ()  # style words that are also part of real names (tried last)
    note: str = ""


_RULES: dict[str, _Rules] = {
    "lucide": _Rules(
        "lucide-react", digit_capitals=False, prefixes=("Lucide",), react_icons=("Lu",), suffixes=("Icon",)
    ),
    "phosphor": _Rules(
        "@phosphor-icons/react",
        react_icons=("Pi",),
        suffixes=("Icon",),
        variants=("thin", "light", "regular", "bold", "fill", "duotone"),
        note="The Icon-suffixed name is primary since @phosphor-icons/react 2.1.8; the bare name "
        '(without Icon) is its deprecated alias and the only one before. Weights are a prop: weight="bold".',
    ),
    "tabler": _Rules(
        "@tabler/icons-react",
        styles=("outline", "filled"),
        digit_capitals=False,
        prefixes=("Icon",),
        react_icons=("Tb",),
        variants=("filled",),
    ),
    "heroicons": _Rules(
        "@heroicons/react/{style}",
        styles=("24/outline", "24/solid", "20/solid", "16/solid"),
        digits="letter",
        react_icons=("HiOutline", "HiMini", "Hi"),
        suffixes=("Icon",),
    ),
    "bootstrap": _Rules(
        "react-bootstrap-icons",
        digits="word",
        digit_capitals=False,
        prefixes=("Icon",),
        react_icons=("Bs",),
        optional_variants=("fill",),
    ),
    "carbon": _Rules(
        "@carbon/icons-react",
        prefixes=("WatsonHealth", "Q"),
        note="Carbon names lose their capitals and '--' in code; parse with known= to get them back.",
    ),
    "fontawesome": _Rules(
        "@fortawesome/free-{style}-svg-icons",
        styles=("solid", "regular", "brands"),
        digits="always",
        prefixes=("fa",),
        react_icons=("FaReg", "Fa"),
        note="An icon definition, not a component: render <FontAwesomeIcon icon={...} /> "
        "from @fortawesome/react-fontawesome.",
    ),
    "ionicons": _Rules(
        "ionicons/icons",
        styles=("", "outline", "sharp"),
        digits="word",
        react_icons=("IoIos", "IoMd", "Io"),
        variants=("outline", "sharp"),
        note="An SVG data URL, not a component: <IonIcon icon={...} /> (@ionic/react) or addIcons().",
    ),
    "material": _Rules(
        "@material-symbols/svg-400",
        styles=("outlined", "rounded", "sharp"),
        sep="_",
        digits="letter",
        prefixes=("Icon",),
        react_icons=("MdOutline", "Md"),
        suffixes=("Icon",),
        note="No React package: an SVG file, to import through an SVG-as-component loader "
        "(such as SVGR); the local name is free.",
    ),
    "iconoir": _Rules("iconoir-react", styles=("regular", "solid"), variants=("solid",)),
    "remix": _Rules(
        "@remixicon/react", styles=("line", "fill", ""), react_icons=("Ri",), variants=("line", "fill")
    ),
}

LIBRARIES: tuple[str, ...] = tuple(_RULES)

#: Libraries whose record ``aliases`` are former icon names (so ``NameIndex.from_records`` maps them).
_ALIASES_ARE_NAMES = frozenset({"lucide", "fontawesome"})


def _show(value: object) -> str:
    """The offending input for an error message: repr, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _library(library: object) -> str:
    slug = library.strip().lower() if isinstance(library, str) else None
    if slug not in _RULES:
        raise ValueError(f"unknown icon library {_show(library)}; known: {', '.join(LIBRARIES)}")
    return slug


def _name_pattern(library: str) -> re.Pattern[str]:
    return {"material": _MATERIAL_NAME, "carbon": _CARBON_NAME}.get(library, _NAME)


# --- package facts that no naming rule gives -------------------------------------------------
# Generated from the pinned packages (@fortawesome/fontawesome-free 7.3.1 metadata/icon-families.json,
# remixicon 4.8.0 icons/, @carbon/icons 11.89.0 metadata.json); tests/unit/test_similar_names.py checks
# them against node_modules when it is there.

# Free Font Awesome icons with a brands style and no solid one (the catalogue takes solid first).
_FONTAWESOME_BRANDS = """
42-group 500px a11y-project accessible-icon accusoft adn adversal affiliatetheme airbnb algolia
alipay amazon amazon-pay amilia android angellist angrycreative angular app-store app-store-ios
apper apple apple-pay arch-linux artstation asymmetrik atlassian audible autoprefixer avianex aviato
aws bandcamp battle-net behance bilibili bimobject bitbucket bitcoin bity black-tie blackberry
blogger blogger-b bluesky bluetooth bluetooth-b board-game-geek bootstrap bots brave brave-reverse
btc buffer build-awesome buromobelexperte buy-n-large buysellads canadian-maple-leaf cash-app
cc-amazon-pay cc-amex cc-apple-pay cc-diners-club cc-discover cc-jcb cc-mastercard cc-paypal
cc-stripe cc-visa centercode centos chrome chromecast circle-zulip claude cloudflare cloudscale
cloudsmith cloudversify cmplid codeberg codepen codiepie confluence connectdevelop contao copilot
cotton-bureau cpanel creative-commons creative-commons-by creative-commons-nc creative-commons-nc-eu
creative-commons-nc-jp creative-commons-nd creative-commons-pd creative-commons-pd-alt
creative-commons-remix creative-commons-sa creative-commons-sampling creative-commons-sampling-plus
creative-commons-share creative-commons-zero critical-role css css3 css3-alt cuttlefish d-and-d
d-and-d-beyond dailymotion dart-lang dashcube debian deezer delicious deploydog deskpro dev
deviantart devpost dhl diaspora digg digital-ocean discord discourse disqus dochub docker dolibarr
draft2digital dribbble dropbox drupal duolingo dyalog earlybirds ebay edge edge-legacy elementor
eleventy ello ember empire envira erlang ethereum etsy evernote expeditedssl facebook facebook-f
facebook-messenger fantasy-flight-games fedex fediverse fedora figma files-pinwheel firefox
firefox-browser first-order first-order-alt firstdraft flickr flipboard flutter fly fonticons
fonticons-fi forgejo fort-awesome fort-awesome-alt forumbee foursquare free-code-camp freebsd
fulcrum galactic-republic galactic-senate get-pocket gg gg-circle git git-alt gitee github
github-alt gitkraken gitlab gitter glide glide-g globaleaks gofore golang goodreads goodreads-g
google google-drive google-pay google-play google-plus google-plus-g google-scholar google-wallet
gratipay grav gripfire grunt guilded gulp hacker-news hackerrank hashnode hips hire-a-helper hive
hooli hornbill hotjar houzz html5 hubspot hugging-face ideal imdb instagram instalod intercom
internet-archive internet-explorer invision ioxhost itch-io itunes itunes-note java jedi-order
jenkins jira joget joomla js jsfiddle julia jxl kaggle kakao-talk keybase keycdn kickstarter
kickstarter-k ko-fi korvue kubernetes laravel lastfm leanpub leetcode less lets-encrypt letterboxd
line linkedin linkedin-in linktree linode linux lumon lumon-drop lyft magento mailchimp mandalorian
markdown mastodon matrix mattermost maxcdn mdb medapps medium medrt meetup megaport mendeley meta
microblog microsoft mintbit mix mixcloud mixer mizuni modx monero napster neos nextcloud
nfc-directional nfc-symbol nimblr node node-js notion npm ns8 nutritionix obs-studio obsidian
octopus-deploy odnoklassniki odysee old-republic openai opencart openid openstreetmap opensuse opera
optin-monster orcid osi padlet page4 pagelines palfed pandora patreon paypal perbyte periscope
phabricator phoenix-framework phoenix-squadron php pied-piper pied-piper-alt pied-piper-hat
pied-piper-pp pinterest pinterest-p pix pixelfed pixiv playstation postgresql product-hunt pushed
python qq quinscape quora r-project raspberry-pi ravelry react reacteurope readme rebel red-river
reddit reddit-alien redhat renren replyd researchgate resolving rev roblox-creator-studio rocketchat
rockrms ror rust safari salesforce sass scaleway schlix screenpal scribd searchengin sellcast sellsy
servicestack shirtsinbulk shoelace shopify shopware signal-messenger simplybuilt sistrix sith sitrox
sketch skyatlas skype slack slideshare snapchat solana soundcloud sourcetree space-awesome speakap
speaker-deck spotify square-behance square-bluesky square-build-awesome-stroke square-deskpro
square-dribbble square-facebook square-figma square-font-awesome square-font-awesome-stroke
square-git square-github square-gitlab square-google-plus square-hacker-news square-instagram
square-js square-lastfm square-letterboxd square-linkedin square-odnoklassniki square-pied-piper
square-pinterest square-reddit square-snapchat square-steam square-threads square-tumblr
square-twitter square-upwork square-viadeo square-vimeo square-web-awesome square-web-awesome-stroke
square-whatsapp square-x-twitter square-xing square-youtube squarespace stack-exchange
stack-overflow stackpath staylinked steam steam-symbol sticker-mule storybook strava stripe stripe-s
stubber studiovinari stumbleupon stumbleupon-circle substack superpowers supple supportnow suse
svelte swift symfony symfonycasts tailwind-css teamspeak telegram tencent-weibo tesla tex
the-red-yeti themeco themeisle think-peaks threads threema tidal tiktok tor-browser trade-federation
trello tumblr twitch twitter typescript typo3 uber ubuntu uikit ultralytics ultralytics-hub
ultralytics-yolo umbraco uncharted uniregistry unison unity unreal-engine unsplash untappd ups
upwork usb usps ussunnah vaadin venmo venmo-v viacoin viadeo viber vim vimeo vimeo-v vine
visual-studio vk vnv vsco vuejs w3c watchman-monitoring waze webflow weebly weibo weixin whatsapp
whmcs wikipedia-w windows wirsindhandwerk wix wizards-of-the-coast wodu wolf-pack-battalion
wordpress wordpress-simple wpbeginner wpexplorer wpforms wpressr x-twitter xbox xing xmpp xrp xrpl
y-combinator yahoo yammer yandex yandex-international yarn yelp yoast youtube youtube-shorts zhihu
zoom zulip
"""

# Remix icons shipped without -line/-fill (editor icons): RiBold, not RiBoldLine.
_REMIX_UNSUFFIXED = """
a-b ai ai-generate ai-generate-text align-bottom align-center align-justify align-left align-right
align-top align-vertically asterisk attachment-2 bold bring-forward bring-to-front calendar-view
carousel-view code-block code-view cursor-hand custom-size delete-column delete-row double-quotes-l
double-quotes-r draggable dropdown-list emphasis emphasis-cn english-input flow-chart focus-mode
font-color font-family font-mono font-sans-serif font-serif font-size font-size-2 font-size-ai
format-clear formula functions gallery-view gallery-view-2 h-1 h-2 h-3 h-4 h-5 h-6 hand hashtag
heading indent-decrease indent-increase info-i input-cursor-move input-field insert-column-left
insert-column-right insert-row-bottom insert-row-top italic kanban-view kanban-view-2
letter-spacing-2 line-height line-height-2 link link-m link-unlink link-unlink-m list-check
list-check-2 list-check-3 list-indefinite list-ordered list-ordered-2 list-radio list-unordered
list-view merge-cells-horizontal merge-cells-vertical mind-map node-tree number-0 number-1 number-2
number-3 number-4 number-5 number-6 number-7 number-8 number-9 omega organization-chart overline
page-separator paragraph pinyin-input question-mark quote-text rounded-corner send-backward
send-to-back separator single-quotes-l single-quotes-r sketching slash-commands slash-commands-2
slideshow-view sort-alphabet-asc sort-alphabet-desc sort-asc sort-desc sort-number-asc
sort-number-desc space split-cells-horizontal split-cells-vertical square-root stacked-view
strikethrough strikethrough-2 subscript subscript-2 superscript superscript-2 table-2 table-3
table-view text text-block text-direction-l text-direction-r text-snippet text-spacing text-wrap
timeline-view translate translate-2 translate-ai translate-ai-2 underline wubi-input
"""

# Carbon icons in a namespace, whose module name starts with it: WatsonHealth3DCursor, QBarrier.
_CARBON_WATSON_HEALTH = """
3D-Cursor 3D-MPR-Toggle 3D-cursor--alt 3D-curve--auto-colon 3D-curve--auto-vessels 3D-curve--manual
3D-iCa 3D-print-mesh 3D-software 3rd-party-connected HL7-attributes QC-launch ai-results
ai-results--high ai-results--low ai-results--medium ai-results--urgent ai-results--very-high
ai-status ai-status--complete ai-status--failed ai-status--in-progress ai-status--queued
ai-status--rejected angle annotation-visibility arrow--annotation auto-scroll brush-freehand
brush-polygon cd--archive cd--create-archive cd--create-exchange circle-measurement cobb-angle
contour--draw contour--edit contour-finding cross-reference cut-in-half denominate dicom--6000
dicom--overlay dna download-study edge-enhancement edge-enhancement--01 edge-enhancement--02
edge-enhancement--03 erase--3D fusion-blender hanging-protocol hole-filling hole-filling--cursor
iCA-2D image-availability--local image-availability--retrieving image-availability--unavailable
interactive-segmentation-cursor launch-study--1 launch-study--2 launch-study--3 magnify mammogram
nominate page-scroll pet-image--B pet-image--O pointer-text region-analysis--area
region-analysis--volume registration rotate--180 rotate--360 save--annotation save--image
save--series scalpel--cursor scalpel--lasso scalpel--select smoothing smoothing--cursor spine-label
split--discard stacked-move stacked-scrolling--1 stacked-scrolling--2 status--acknowledge
status--change status--partial-fail status--resolved stress-breath-editor study--next
study--previous study--read study--skip study--transfer study--unread study--view sub-volume
text-annotation-toggle threshold thumbnail-preview window--auto window--base
window--black-saturation window--overlay window--preset zoom-pan
"""

_CARBON_Q = """
H S S--alt T T--alt U1 U2 U3 X Y Z barrier bloch-sphere cU1 cU3 cY cZ ccX circuit-composer
composer-edit hinton-plot iD matrix operation operation--gauge operation--if
"""

_FONTAWESOME_BRAND_SET = frozenset(_FONTAWESOME_BRANDS.split())
_REMIX_UNSUFFIXED_SET = frozenset(_REMIX_UNSUFFIXED.split())
_CARBON_NAMESPACES = {
    **dict.fromkeys(_CARBON_WATSON_HEALTH.split(), "WatsonHealth"),
    **dict.fromkeys(_CARBON_Q.split(), "Q"),
}
