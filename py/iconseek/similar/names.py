"""Icon names as code spells them, both ways: React imports <-> catalogue names.

:func:`parse_name` reads a name the way a codebase writes it and returns the
catalogue's name in one library: a React component (``Trash2``,
``IconArrowBackUp``, ``ArrowLeftIcon``, ``faTrash``), a react-icons import
(``LuTrash2``, ``FaTrash``, ``MdDelete``), a JSX tag (``<Trash2 />``), a file
path (``.../outlined/delete.svg``) or the plain icon name (``arrow-left``,
``trash-outline``). :func:`component_name` goes the other way: the import a
React codebase writes for a catalogue icon.

Each rule re-implements the naming code of the library's own package and is
checked against the names the packages ship where they ship them; sources and
the measured round-trip rates are in docs/EQUIVALENTS.md, "Names in code".

Component names lose information: ``ArrowDown01`` may be ``arrow-down-0-1`` or
``arrow-down-01``, ``Trash3`` is ``trash3`` in Bootstrap but would be
``trash-3`` in Lucide, and Carbon's ``--`` and capitals are gone. The rules pick
each library's usual spelling. Pass ``known`` (the library's catalogue names or
a :class:`NameIndex`) and the answer snaps onto the real name: no two names of
one library differ only in case and separators, so the round trip is then exact.

Bad input goes no further than a ``ValueError`` that names it: empty or
over-long text, characters no icon name uses, an unknown library or style, a
component that would not be a JavaScript identifier. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["LIBRARIES", "MAX_INPUT", "NameIndex", "component_name", "parse_name"]

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


# --- catalogue name -> component -------------------------------------------------------------


def _pascal(name: str, sep: str = "-") -> str:
    """Upper-case the first character of each word (lucide/tabler/scule/uppercamelcase rule)."""
    return "".join(word[:1].upper() + word[1:] for word in name.split(sep))


def _pascal_camelcase(name: str) -> str:
    """The npm ``camelcase`` package with pascalCase (Heroicons): also upper-cases a letter after digits."""
    return re.sub(r"[0-9]+[a-z]", lambda m: m.group(0)[:-1] + m.group(0)[-1].upper(), _pascal(name))


def _pascal_change_case(name: str) -> str:
    """change-case's pascalCase (Carbon): words split at case changes, later digit words get '_'."""
    text = re.sub(r"([a-z0-9])([A-Z])", "\\1\0\\2", name)
    text = re.sub(r"([A-Z])([A-Z][a-z])", "\\1\0\\2", text)
    words = re.sub(r"[^A-Za-z0-9]+", "\0", text).strip("\0").split("\0")
    return "".join(
        ("_" + word[0] if i and word[0].isdigit() else word[0].upper()) + word[1:].lower()
        for i, word in enumerate(words)
    )


def _component(library: str, name: str, style: str) -> str:
    if library == "lucide":
        return _pascal(name)
    if library == "phosphor":
        return _pascal(name) + "Icon"
    if library == "tabler":
        return "Icon" + _pascal(name) + ("Filled" if style == "filled" else "")
    if library == "heroicons":
        return _pascal_camelcase(name) + "Icon"
    if library == "bootstrap":
        pascal = _pascal(name)
        return "Icon" + pascal if pascal[0].isdigit() else pascal
    if library == "carbon":
        component = _CARBON_NAMESPACES.get(name, "") + _pascal_change_case(name)
        return "_" + component if component[0].isdigit() else component
    if library == "fontawesome":
        return "fa" + _pascal(name)
    if library == "ionicons":
        head, _, rest = name.partition("-")
        return head + _pascal(rest) + style.capitalize()
    if library == "material":
        pascal = _pascal(name, "_")
        return "Icon" + pascal if pascal[0].isdigit() else pascal + "Icon"
    if library == "iconoir":
        return _pascal(name) + ("Solid" if style == "solid" else "")
    return "Ri" + _pascal(f"{name}-{style}" if style else name)  # remix


def _default_style(library: str, name: str) -> str:
    if library == "fontawesome" and name in _FONTAWESOME_BRAND_SET:
        return "brands"
    if library == "remix" and name in _REMIX_UNSUFFIXED_SET:
        return ""
    return _RULES[library].styles[0]


def component_name(library: str, name: str, *, style: str | None = None) -> dict[str, str]:
    """The React import for catalogue icon ``library/name``.

    Returns ``library``, ``name``, ``package``, ``component`` (the exported
    identifier), ``import`` (one line of JavaScript) and ``note`` (how to use it
    where that is not ``<Component />``; may be empty). ``style`` picks a
    variant where the library names it (Tabler ``filled``, Heroicons
    ``24/solid``, Font Awesome ``regular``, Ionicons ``outline``, Material
    ``rounded``, Iconoir ``solid``, Remix ``fill``); the default is the
    catalogue's own drawing (Font Awesome logos: ``brands``; Remix editor icons
    have no suffix). Raises ``ValueError`` for an unknown library or style, a
    name that is not a catalogue name of that library, or a component name
    that would not be a JavaScript identifier.
    """
    slug = _library(library)
    rules = _RULES[slug]
    if not isinstance(name, str) or not _name_pattern(slug).fullmatch(name):
        raise ValueError(f"not a {slug} catalogue name: {_show(name)}")
    if style is None:
        style = _default_style(slug, name)
    elif style not in rules.styles:
        raise ValueError(f"unknown {slug} style {_show(style)}; known: {', '.join(map(repr, rules.styles))}")
    component = _component(slug, name, style)
    if not _IDENTIFIER.fullmatch(component):  # never hand out markup built from an unchecked string
        raise ValueError(f"{slug}/{name} gives {_show(component)}, which is not a JavaScript identifier")
    package = rules.package.format(style=style)
    if slug == "material":
        package_path = f"{package}/{style}/{name}.svg"
        line = f'import {component} from "{package_path}";'
    else:
        line = f'import {{ {component} }} from "{package}";'
    return {
        "library": slug,
        "name": name,
        "package": package,
        "component": component,
        "import": line,
        "note": rules.note,
    }


# --- code name -> catalogue name -------------------------------------------------------------


def _clean(text: object) -> str:
    """The bare name inside ``text`` (a JSX tag, path or dotted name is unwrapped); ValueError if none."""
    if not isinstance(text, str):
        raise ValueError(f"an icon name must be a string, not {type(text).__name__}")
    value = text.strip()
    if len(value) > MAX_INPUT:
        raise ValueError(f"icon name longer than {MAX_INPUT} characters: {_show(text)}")
    tag = _JSX_TAG.fullmatch(value)
    if tag:
        value = tag.group(1)
    if "/" in value:
        value = value.rstrip("/").rsplit("/", 1)[-1]
    value = _EXTENSION.sub("", value)
    if "." in value:  # Icon.ArrowRight (import * as Icon)
        value = value.rsplit(".", 1)[-1]
    if not _ALLOWED.fullmatch(value):
        raise ValueError(f"not an icon name: {_show(text)}")
    return value


def _code_shaped(value: str, library: str) -> bool:
    """Could be a component name: no separators (Carbon's ``_`` aside) and a capital (or ``fa0``)."""
    if "-" in value or " " in value or ("_" in value and library != "carbon"):
        return False
    return bool(re.search(r"[A-Z]", value) or (library == "fontawesome" and re.match(r"fa[0-9]", value)))


def _looks_like_code(value: str, library: str) -> bool:
    """More likely a component name than a catalogue name: shaped like one, with a lower-case letter.

    All capitals (``TRASH``, Carbon's ``XLS`` and ``4K``) read as a name.
    """
    return _code_shaped(value, library) and bool(re.search(r"[a-z]", value))


def _unwrapped(value: str, rules: _Rules) -> list[tuple[str, bool]]:
    """``value`` without the package's or react-icons' affixes (most stripped first), then as written.

    Each body comes with the ``digit_capitals`` setting to split it with:
    react-icons names are npm camelcase, whatever the library does.
    """
    prefixes = sorted(
        [(p, rules.digit_capitals) for p in rules.prefixes] + [(p, True) for p in rules.react_icons],
        key=lambda item: -len(item[0]),
    )
    bare = next((value[: -len(s)] for s in rules.suffixes if value.endswith(s) and value != s), value)
    bodies: list[tuple[str, bool]] = []
    for body in dict.fromkeys((bare, value)):
        for prefix, capitals in prefixes:
            rest = body[len(prefix):]
            if body.startswith(prefix) and (rest[:1].isupper() or rest[:1].isdigit()):
                bodies.append((rest, capitals))
                break
        bodies.append((body, rules.digit_capitals))
    return list(dict.fromkeys(bodies))


def _split_code(body: str, digits: str, digit_capitals: bool) -> list[str]:
    """Words of a component name: ``ArrowDownSLine`` -> arrow, down, s, line.

    A capital starts a word; lower-case letters after digits stay with them
    (``90deg``, ``4k``). ``digits`` says when digits join the word before:
    ``"never"`` (``Trash2`` -> ``trash-2``), ``"letter"`` (after a one-letter
    word: ``H1`` -> ``h1``), ``"word"`` (unless letters follow them:
    ``Trash3`` -> ``trash3`` but ``Arrow90deg`` -> ``arrow-90deg``) or
    ``"always"``. With ``digit_capitals`` a lone capital after digits, before a
    capital, digit or the end, belongs to them: npm camelcase upper-cases the
    letter after digits (``2X2``), Carbon keeps ``3D``. ``_`` (Carbon's mark
    before a digit word) always ends a word.
    """
    words: list[str] = []
    for chunk in filter(None, body.split("_")):
        tokens = _TOKEN.findall(chunk)
        kind = ""  # previous token in this chunk: "", "word", "digits", "tail"
        for i, token in enumerate(tokens):
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if token[0].isdigit():
                glue = kind == "tail" or kind == "word" and (
                    digits == "always"
                    or (digits == "word" and not after[:1].islower())
                    or (digits == "letter" and len(words[-1]) == 1)
                )
                kind = "digits"
            elif token[0].islower():
                glue = kind == "digits"
                kind = "tail" if glue else "word"
            elif digit_capitals and len(token) == 1 and kind == "digits" and not after[:1].islower():
                glue, kind = True, "tail"
            else:
                glue, kind = False, "word"
            if glue and words:
                words[-1] += token.lower()
            else:
                words.append(token.lower())
    return words


def _normalised(value: str, library: str, sep: str) -> str:
    """A catalogue-style name in the library's spelling (Carbon keeps capitals and ``--``)."""
    if library == "carbon":
        return re.sub(r"-{3,}", "--", re.sub(r"[ _]+", "-", value)).strip("-")
    return re.sub(r"[-_ ]+", sep, value.lower()).strip(sep)


def _without_variants(name: str, rules: _Rules) -> list[str]:
    """``name`` with folded style words removed, in the order to try them."""
    sep = rules.sep
    out = [name[: -len(sep + v)] for v in rules.variants if name.endswith(sep + v) and len(name) > len(sep + v)]
    out.append(name)
    words = name.split(sep)
    for variant in rules.optional_variants:  # bootstrap: person-fill-add is the filled person-add
        out += [sep.join(words[:i] + words[i + 1:]) for i, w in enumerate(words) if w == variant and len(words) > 1]
    return out


def _candidates(text: object, library: str) -> list[str]:
    """Catalogue names ``text`` may mean, most likely first (at least one; else ValueError)."""
    rules = _RULES[library]
    value = _clean(text)
    as_name = [_normalised(value, library, rules.sep)]
    as_code: list[str] = []
    if _code_shaped(value, library):
        as_code = [rules.sep.join(_split_code(body, rules.digits, npm)) for body, npm in _unwrapped(value, rules)]
    spellings = as_code + as_name if _looks_like_code(value, library) else as_name + as_code
    pattern = _name_pattern(library)
    seen: dict[str, None] = {}
    for spelling in spellings:
        for name in _without_variants(spelling, rules):
            if pattern.fullmatch(name):
                seen.setdefault(name)
    if not seen:
        raise ValueError(f"not a {library} icon name: {_show(text)}")
    return list(seen)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


class NameIndex:
    """One library's catalogue names (and optionally former names), ready for ``parse_name(known=...)``.

    ``names`` is an iterable of catalogue names or a mapping from a spelling
    (a name, or a former name) to the catalogue name. A lookup tries each
    candidate as written, then ignoring case and separators when that matches
    exactly one icon.
    """

    def __init__(self, names: Iterable[str] | Mapping[str, str]) -> None:
        pairs = names.items() if isinstance(names, Mapping) else ((n, n) for n in names)
        self._exact: dict[str, str] = {}
        self._squashed: dict[str, set[str]] = {}
        for spelling, name in pairs:
            self._exact.setdefault(spelling, name)
            self._squashed.setdefault(_squash(spelling), set()).add(name)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, object]], library: str) -> NameIndex:
        """Index the corpus records of ``library``; Lucide and Font Awesome aliases (former names) too."""
        slug = _library(library)
        mine = [r for r in records if r.get("library") == slug and isinstance(r.get("name"), str)]
        pairs: dict[str, str] = {str(r["name"]): str(r["name"]) for r in mine}
        if slug in _ALIASES_ARE_NAMES:
            pattern = _name_pattern(slug)
            for record in mine:
                for alias in record.get("aliases") or ():
                    if isinstance(alias, str) and pattern.fullmatch(alias):
                        pairs.setdefault(alias, str(record["name"]))
        return cls(pairs)

    def __contains__(self, name: object) -> bool:
        return name in self._exact

    def __len__(self) -> int:
        return len(self._exact)

    def resolve(self, candidates: Iterable[str]) -> str | None:
        """The catalogue name of the first candidate found, or None."""
        candidates = list(candidates)
        for candidate in candidates:
            if candidate in self._exact:
                return self._exact[candidate]
        for candidate in candidates:
            hits = self._squashed.get(_squash(candidate), ())
            if len(hits) == 1:
                return next(iter(hits))
        return None


def parse_name(
    text: str, library: str, known: NameIndex | Iterable[str] | Mapping[str, str] | None = None
) -> str:
    """The catalogue name of ``library`` that ``text`` (a name as code writes it) stands for.

    Catalogue-style input (``arrow-left``, ``Arrow Left``, ``arrow_left``) is
    trimmed, lower-cased (not for Carbon, whose names keep capitals) and put in
    the library's separator (Material: ``_``); style words the catalogue folds
    are dropped (``trash-outline`` -> ``trash``). Component names lose the
    package's and react-icons' affixes and are split into words by the
    library's rules. Without ``known`` this is a best guess; with it the answer
    is the matching real name whenever one matches, else the same best guess.
    Raises ``ValueError`` (naming the input) for an unknown library or text
    that cannot be an icon name; never anything else for a string.
    """
    slug = _library(library)
    candidates = _candidates(text, slug)
    if known is None:
        return candidates[0]
    index = known if isinstance(known, NameIndex) else NameIndex(known)
    return index.resolve(candidates) or candidates[0]


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
