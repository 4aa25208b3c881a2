"""The 11 supported npm icon libraries, in a fixed order (one module each)."""

from __future__ import annotations

from iconseek.catalog.libraries.base import IconLibrary
from iconseek.catalog.libraries.bootstrap import Bootstrap
from iconseek.catalog.libraries.carbon import Carbon
from iconseek.catalog.libraries.fontawesome import FontAwesome
from iconseek.catalog.libraries.heroicons import Heroicons
from iconseek.catalog.libraries.iconoir import Iconoir
from iconseek.catalog.libraries.ionicons import Ionicons
from iconseek.catalog.libraries.lucide import Lucide
from iconseek.catalog.libraries.material import Material
from iconseek.catalog.libraries.phosphor import Phosphor
from iconseek.catalog.libraries.remix import Remix
from iconseek.catalog.libraries.tabler import Tabler

ALL_LIBRARIES: tuple[IconLibrary, ...] = (
    Lucide(), Phosphor(), Tabler(), Heroicons(), Bootstrap(), Carbon(),
    FontAwesome(), Iconoir(), Ionicons(), Material(), Remix(),
)

BY_SLUG: dict[str, IconLibrary] = {lib.slug: lib for lib in ALL_LIBRARIES}

__all__ = ["ALL_LIBRARIES", "BY_SLUG", "IconLibrary"]
