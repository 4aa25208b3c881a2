"""Icon names as code spells them (iconseek.similar.names, issue 13).

Why these tests: equivalents are shown as imports a developer pastes into a
React codebase, and ``parse_name`` reads names pasted out of one. Both must
follow each package's real naming rule (a near miss is an import that does not
exist), and odd input must stop at a ``ValueError`` instead of crashing or
ending up inside generated markup. The catalogue round trip needs the built
corpus and the package checks need node_modules; both are skipped without them,
every other test stands alone.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iconseek.similar import names_rules
from iconseek.similar.names import LIBRARIES, NameIndex, component_name, parse_name

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "out" / "catalog" / "corpus.jsonl"
NODE_MODULES = ROOT / "node_modules"

# --- code -> catalogue name: every package's own spelling and react-icons' ---------------

PARSE_CASES = [
    # lucide-react: PascalCase, digits are their own word; Lucide- / -Icon aliases; react-icons Lu
    ("lucide", "Trash2", "trash-2"),
    ("lucide", "ArrowLeft", "arrow-left"),
    ("lucide", "LucideTrash2", "trash-2"),
    ("lucide", "Trash2Icon", "trash-2"),
    ("lucide", "LuTrash2", "trash-2"),
    ("lucide", "AArrowDown", "a-arrow-down"),
    ("lucide", "Grid2x2X", "grid-2x2-x"),
    # @tabler/icons-react: Icon prefix, Filled suffix folded into the outline icon; react-icons Tb
    ("tabler", "IconSettings", "settings"),
    ("tabler", "IconArrowBackUp", "arrow-back-up"),
    ("tabler", "IconHeartFilled", "heart"),
    ("tabler", "IconIcons", "icons"),
    ("tabler", "TbSettings", "settings"),
    # @heroicons/react: Icon suffix, npm camelcase (2X2); react-icons Hi / HiOutline / HiMini
    ("heroicons", "ArrowLeftIcon", "arrow-left"),
    ("heroicons", "Squares2X2Icon", "squares-2x2"),
    ("heroicons", "H1Icon", "h1"),
    ("heroicons", "HiOutlineTrash", "trash"),
    ("heroicons", "HiTrash", "trash"),
    # @phosphor-icons/react: bare and Icon-suffixed; react-icons Pi with weight suffixes
    ("phosphor", "Trash", "trash"),
    ("phosphor", "ArrowLeft", "arrow-left"),
    ("phosphor", "TrashIcon", "trash"),
    ("phosphor", "PiTrashBold", "trash"),
    ("phosphor", "PiIcon", "pi"),
    # react-bootstrap-icons: digits join the word before (trash3) unless letters follow (90deg)
    ("bootstrap", "Trash3", "trash3"),
    ("bootstrap", "ArrowLeftCircleFill", "arrow-left-circle-fill"),
    ("bootstrap", "Arrow90degDown", "arrow-90deg-down"),
    ("bootstrap", "Icon0Circle", "0-circle"),
    ("bootstrap", "Bs0Circle", "0-circle"),
    ("bootstrap", "BsTrash", "trash"),
    # Font Awesome: faName definitions; react-icons Fa / FaReg
    ("fontawesome", "faTrash", "trash"),
    ("fontawesome", "faTrashCan", "trash-can"),
    ("fontawesome", "fa500px", "500px"),
    ("fontawesome", "faCss3Alt", "css3-alt"),
    ("fontawesome", "FaTrash", "trash"),
    ("fontawesome", "FaRegTrashCan", "trash-can"),
    ("fontawesome", "FaRegistered", "registered"),
    # ionicons/icons: camelCase; style suffixes folded; react-icons Io
    ("ionicons", "arrowBack", "arrow-back"),
    ("ionicons", "trashOutline", "trash"),
    ("ionicons", "IoTrash", "trash"),
    ("ionicons", "IoLogoGithub", "logo-github"),
    ("ionicons", "trash-sharp", "trash"),
    # Material Symbols: underscores; react-icons Md / MdOutline; our own local SVG names
    ("material", "MdDelete", "delete"),
    ("material", "MdOutlineAddCircle", "add_circle"),
    ("material", "Md10K", "10k"),
    ("material", "DeleteIcon", "delete"),
    ("material", "Icon3dRotation", "3d_rotation"),
    ("material", "add-circle", "add_circle"),
    ("material", "@material-symbols/svg-400/outlined/add_circle.svg", "add_circle"),
    # iconoir-react: plain PascalCase, Solid suffix folded
    ("iconoir", "Trash", "trash"),
    ("iconoir", "TrashSolid", "trash"),
    ("iconoir", "Display4k", "display-4k"),
    # @remixicon/react and react-icons Ri: style suffix folded (the catalogue name has none)
    ("remix", "RiDeleteBinLine", "delete-bin"),
    ("remix", "RiHeartFill", "heart"),
    ("remix", "Ri4kLine", "4k"),
    ("remix", "Ri4KLine", "4k"),
    ("remix", "delete-bin-line", "delete-bin"),
    # @carbon/icons-react: PascalCase; capitals and "--" are only recoverable with known=
    ("carbon", "TrashCan", "trash-can"),
    ("carbon", "ArrowLeft", "arrow-left"),
    ("carbon", "3D-Cursor", "3D-Cursor"),
    ("carbon", "XLS", "XLS"),
    # catalogue-style input passes through, normalised
    ("lucide", "  Arrow Left ", "arrow-left"),
    ("lucide", "arrow_left", "arrow-left"),
    ("lucide", "<Trash2 size={16} />", "trash-2"),
    ("bootstrap", "Icon.ArrowRight", "arrow-right"),
]


@pytest.mark.parametrize(("library", "text", "expected"), PARSE_CASES)
def test_parse_name(library: str, text: str, expected: str) -> None:
    """Each package's component spelling, and react-icons', reads back as the catalogue name."""
    assert parse_name(text, library) == expected


# --- catalogue name -> import ----------------------------------------------------------------

COMPONENT_CASES = [
    ("lucide", "trash-2", None, "lucide-react", "Trash2"),
    ("lucide", "arrow-down-0-1", None, "lucide-react", "ArrowDown01"),
    ("tabler", "arrow-back-up", None, "@tabler/icons-react", "IconArrowBackUp"),
    ("tabler", "heart", "filled", "@tabler/icons-react", "IconHeartFilled"),
    ("tabler", "badge-4k", None, "@tabler/icons-react", "IconBadge4k"),
    ("heroicons", "trash", None, "@heroicons/react/24/outline", "TrashIcon"),
    ("heroicons", "squares-2x2", "20/solid", "@heroicons/react/20/solid", "Squares2X2Icon"),
    ("heroicons", "square-3-stack-3d", None, "@heroicons/react/24/outline", "Square3Stack3DIcon"),
    ("phosphor", "trash", None, "@phosphor-icons/react", "TrashIcon"),
    ("bootstrap", "trash3", None, "react-bootstrap-icons", "Trash3"),
    ("bootstrap", "arrow-90deg-down", None, "react-bootstrap-icons", "Arrow90degDown"),
    ("bootstrap", "0-circle", None, "react-bootstrap-icons", "Icon0Circle"),
    ("bootstrap", "123", None, "react-bootstrap-icons", "Icon123"),
    ("fontawesome", "trash", None, "@fortawesome/free-solid-svg-icons", "faTrash"),
    ("fontawesome", "github", None, "@fortawesome/free-brands-svg-icons", "faGithub"),
    ("fontawesome", "arrow-down-1-9", None, "@fortawesome/free-solid-svg-icons", "faArrowDown19"),
    ("fontawesome", "trash-can", "regular", "@fortawesome/free-regular-svg-icons", "faTrashCan"),
    ("ionicons", "arrow-back", None, "ionicons/icons", "arrowBack"),
    ("ionicons", "trash", "outline", "ionicons/icons", "trashOutline"),
    ("material", "delete", None, "@material-symbols/svg-400", "DeleteIcon"),
    ("material", "10k", None, "@material-symbols/svg-400", "Icon10k"),
    ("iconoir", "trash", None, "iconoir-react", "Trash"),
    ("iconoir", "trash", "solid", "iconoir-react", "TrashSolid"),
    ("remix", "delete-bin", None, "@remixicon/react", "RiDeleteBinLine"),
    ("remix", "bold", None, "@remixicon/react", "RiBold"),
    ("remix", "heart", "fill", "@remixicon/react", "RiHeartFill"),
    ("carbon", "trash-can", None, "@carbon/icons-react", "TrashCan"),
    ("carbon", "3D-Cursor", None, "@carbon/icons-react", "WatsonHealth3DCursor"),
    ("carbon", "airport--01", None, "@carbon/icons-react", "Airport_01"),
    ("carbon", "4K", None, "@carbon/icons-react", "_4K"),
    ("carbon", "circuit-composer", None, "@carbon/icons-react", "QCircuitComposer"),
]


@pytest.mark.parametrize(("library", "name", "style", "package", "component"), COMPONENT_CASES)
def test_component_name(library: str, name: str, style: str | None, package: str, component: str) -> None:
    """The export each package really has (checked against its build rule and shipped names)."""
    info = component_name(library, name, style=style)
    assert (info["package"], info["component"]) == (package, component)


def test_import_lines() -> None:
    """The import line is ready to paste; Material has no React package, so it is a file import."""
    assert component_name("lucide", "trash-2")["import"] == 'import { Trash2 } from "lucide-react";'
    material = component_name("material", "add_circle", style="rounded")
    assert material["import"] == 'import AddCircleIcon from "@material-symbols/svg-400/rounded/add_circle.svg";'
    assert material["note"]  # says that a loader such as SVGR is needed


def test_known_names_undo_lossy_spellings() -> None:
    """With the real names at hand, ambiguous or lossy spellings snap onto the right icon."""
    assert parse_name("ArrowDown01", "lucide") == "arrow-down-01"  # the rule's guess
    assert parse_name("ArrowDown01", "lucide", known=["arrow-down-0-1", "arrow-down"]) == "arrow-down-0-1"
    assert parse_name("WatsonHealth3DCursor", "carbon", known=["3D-Cursor"]) == "3D-Cursor"
    assert parse_name("VolumeUpFilled", "carbon", known=["volume--up--filled"]) == "volume--up--filled"
    assert parse_name("QCU1", "carbon", known=["cU1"]) == "cU1"
    assert parse_name("BsTrash3Fill", "bootstrap", known=["trash3"]) == "trash3"
    assert parse_name("PersonFillAdd", "bootstrap", known=["person-add"]) == "person-add"
    assert parse_name("Nowhere", "lucide", known=["trash"]) == "nowhere"  # no match: the guess


def test_name_index_from_records_maps_former_names() -> None:
    """Lucide and Font Awesome aliases are former icon names that code still imports (FaTrashAlt)."""
    records = [
        {"library": "fontawesome", "name": "trash-can", "aliases": ["trash-alt"]},
        {"library": "fontawesome", "name": "trash", "aliases": []},
        {"library": "carbon", "name": "trash-can", "aliases": ["trash", "delete"]},
    ]
    index = NameIndex.from_records(records, "fontawesome")
    assert parse_name("FaTrashAlt", "fontawesome", known=index) == "trash-can"
    assert parse_name("faTrash", "fontawesome", known=index) == "trash"
    carbon = NameIndex.from_records(records, "carbon")  # Carbon aliases are search words, not names
    assert "trash" not in carbon and len(carbon) == 1


# --- bad input -------------------------------------------------------------------------------

BAD_TEXT = ["", "   ", "-", "__", "🗑", "trash!", "Ärger", "١٢٣", "<>", "a" * 10_000, "x\x00y", "$$", "/"]


@pytest.mark.parametrize("text", BAD_TEXT, ids=range(len(BAD_TEXT)))
def test_odd_input_is_a_value_error(text: str) -> None:
    """Empty, symbol, emoji, non-ASCII and huge input: one clear ValueError that shows the input."""
    with pytest.raises(ValueError, match="icon name"):
        parse_name(text, "lucide")


def test_bad_library_and_types() -> None:
    with pytest.raises(ValueError, match="unknown icon library"):
        parse_name("Trash", "feather")
    with pytest.raises(ValueError, match="must be a string"):
        parse_name(None, "lucide")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown icon library"):
        component_name(3, "trash")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("library", "name", "style"),
    [
        ("lucide", 'trash"; alert(1)', None),  # not a catalogue name: never reaches the import line
        ("lucide", "Trash", None),  # catalogue names are lower case (Carbon aside)
        ("material", "add-circle", None),  # Material uses underscores
        ("lucide", "2fa", None),  # would give "2fa": not an identifier
        ("ionicons", "3d-box", None),  # would give "3dBox"
        ("tabler", "trash", "duotone"),  # no such style
        ("phosphor", "trash", "bold"),  # weights are a prop, not a name
    ],
)
def test_component_name_rejects(library: str, name: str, style: str | None) -> None:
    """Only a valid JavaScript identifier from a valid catalogue name becomes an import line."""
    with pytest.raises(ValueError):
        component_name(library, name, style=style)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=250), library=st.sampled_from(LIBRARIES))
def test_any_text_parses_or_raises_value_error(text: str, library: str) -> None:
    """Whatever the text, parse_name answers a catalogue-shaped name or raises ValueError."""
    try:
        name = parse_name(text, library)
    except ValueError:
        return
    assert re.fullmatch(r"[A-Za-z0-9]+(?:(?:--?|_)[A-Za-z0-9]+)*", name)


@settings(max_examples=300, deadline=None)
@given(
    name=st.one_of(st.text(max_size=40), st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)),
    library=st.sampled_from(LIBRARIES),
)
def test_any_name_gives_an_identifier_or_value_error(name: str, library: str) -> None:
    """component_name never hands out a component that is not a JavaScript identifier."""
    try:
        info = component_name(library, name)
    except ValueError:
        return
    assert re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", info["component"])
    assert info["import"].count('"') == 2


# --- the real catalogue and packages (skipped without the build artefacts) -------------------

# Rule-only round-trip floors, a little under the rates in docs/EQUIVALENTS.md.
ROUND_TRIP_FLOOR = {
    "lucide": 0.995, "phosphor": 1.0, "tabler": 0.99, "heroicons": 1.0, "bootstrap": 0.98, "carbon": 0.33,
    "fontawesome": 0.995, "iconoir": 0.995, "ionicons": 1.0, "material": 0.99, "remix": 0.995,
}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, list[dict]]:
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS.relative_to(ROOT)} not built (a build artefact: iconseek catalog)")
    by_library: dict[str, list[dict]] = defaultdict(list)
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        by_library[record["library"]].append(record)
    return by_library


@pytest.mark.parametrize("library", LIBRARIES)
def test_catalogue_round_trip(catalogue: dict[str, list[dict]], library: str) -> None:
    """name -> component -> name: the rule alone keeps its measured rate; with known= it is exact."""
    records = catalogue[library]
    index = NameIndex.from_records(records, library)
    by_rule = with_known = 0
    for record in records:
        component = component_name(library, record["name"])["component"]
        by_rule += parse_name(component, library) == record["name"]
        with_known += parse_name(component, library, known=index) == record["name"]
    assert with_known == len(records)
    assert by_rule / len(records) >= ROUND_TRIP_FLOOR[library]


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} not installed (npm ci)")
    return path


@pytest.fixture(scope="module")
def carbon_icons() -> list[dict]:
    """@carbon/icons metadata (26 MB): its module names and namespaces."""
    return json.loads(_need(NODE_MODULES / "@carbon" / "icons" / "metadata.json").read_bytes())["icons"]


def test_components_match_shipped_export_names(catalogue: dict[str, list[dict]], carbon_icons: list[dict]) -> None:
    """Where a package ships its export names, the rule reproduces every one of them."""
    dts = _need(NODE_MODULES / "lucide-static" / "dist" / "lucide-static.d.ts").read_text(encoding="utf-8")
    lucide = dict(re.findall(r"@name (\S+).*?declare const (\w+)", dts, re.S))
    core = _need(NODE_MODULES / "@phosphor-icons" / "core" / "dist" / "index.mjs").read_text(encoding="utf-8")
    phosphor = {k: v + "Icon" for k, v in re.findall(r'name: "([^"]+)",\s*pascal_name: "([^"]+)"', core)}
    ionicons_dts = _need(NODE_MODULES / "ionicons" / "icons" / "index.d.ts").read_text(encoding="utf-8")
    ionicons = set(re.findall(r"export declare var (\w+)", ionicons_dts))
    carbon = {icon["name"]: icon["moduleInfo"]["global"] for icon in carbon_icons}
    for library, shipped in (("lucide", lucide), ("phosphor", phosphor), ("carbon", carbon)):
        ours = {r["name"]: component_name(library, r["name"])["component"] for r in catalogue[library]}
        wrong = [(name, mine, shipped.get(name)) for name, mine in ours.items() if mine != shipped.get(name)]
        assert not wrong, f"{library}: {wrong[:5]}"
    ours = {r["name"]: component_name("ionicons", r["name"])["component"] for r in catalogue["ionicons"]}
    assert not [name for name, mine in ours.items() if mine not in ionicons]


def test_embedded_package_facts_are_current(carbon_icons: list[dict]) -> None:
    """The three facts no naming rule gives (FA logos, Remix's unsuffixed icons, Carbon namespaces)."""
    families = json.loads(
        _need(NODE_MODULES / "@fortawesome" / "fontawesome-free" / "metadata" / "icon-families.json").read_bytes()
    )

    def free(info: dict) -> set[str]:
        return {s.get("style") for s in (info.get("familyStylesByLicense") or {}).get("free", ())}

    brands = {n for n, i in families.items() if "brands" in free(i) and "solid" not in free(i)}
    assert brands == names_rules._FONTAWESOME_BRAND_SET

    styles: dict[str, set[str]] = defaultdict(set)
    for svg in _need(NODE_MODULES / "remixicon" / "icons").glob("*/*.svg"):
        base, dash, style = svg.stem.rpartition("-")
        if dash and style in ("line", "fill"):
            styles[base].add(style)
        else:
            styles[svg.stem].add("")
    assert {n for n, s in styles.items() if "" in s and "line" not in s} == names_rules._REMIX_UNSUFFIXED_SET

    namespaced = {i["name"]: "".join(p.title().replace("-", "") for p in i["namespace"])
                  for i in carbon_icons if i.get("namespace")}
    assert namespaced == names_rules._CARBON_NAMESPACES
