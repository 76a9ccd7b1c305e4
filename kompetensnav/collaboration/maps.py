"""The actor map drawn on the server as SVG: one drawing for the page and the PDF.

Actors sit on two rings, the strategic level (and actors on both levels) inside and the
operative level outside, each ring in the order of the actors' names. A link is a line whose
pattern says its kind (a council: solid, an initiative: dashed, a collaboration: dotted), so
the drawing does not rely on colour; the page gives the links as a table too."""

import math
import xml.etree.ElementTree as ET

from django.utils.translation import gettext as _

from .enums import Level
from .selectors.actors import COLLABORATION, COUNCIL, INITIATIVE, ActorMap

WIDTH = 760
CENTRE = WIDTH / 2
INNER, OUTER = 150.0, 285.0
LEGEND_HEIGHT = 70
LABEL_CHARS = 26
STYLES = {
    COUNCIL: {"stroke": "#0b4f6c", "stroke-width": "2.5"},
    INITIATIVE: {"stroke": "#a4373a", "stroke-width": "2", "stroke-dasharray": "8 5"},
    COLLABORATION: {"stroke": "#3b6e22", "stroke-width": "2", "stroke-dasharray": "2 4"},
}


def kind_labels() -> dict[str, str]:
    return {
        COUNCIL: _("Same industry council"),
        INITIATIVE: _("Same initiative"),
        COLLABORATION: _("Same collaboration"),
    }


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def positions(actor_map: ActorMap) -> dict[int, tuple[float, float]]:
    """Where each actor sits: strategic actors on the inner ring, operative on the outer."""
    inner = [a for a in actor_map.actors if a.level in (Level.STRATEGIC, Level.BOTH)]
    outer = [a for a in actor_map.actors if a.level not in (Level.STRATEGIC, Level.BOTH)]
    placed: dict[int, tuple[float, float]] = {}
    for ring, radius in ((inner, INNER), (outer, OUTER)):
        ring = sorted(ring, key=lambda a: (a.name.casefold(), a.pk))
        if len(ring) == 1 and radius == INNER and not outer:
            placed[ring[0].pk] = (CENTRE, CENTRE)
            continue
        for i, actor in enumerate(ring):
            angle = -math.pi / 2 + 2 * math.pi * i / len(ring)
            placed[actor.pk] = (
                round(CENTRE + radius * math.cos(angle), 1),
                round(CENTRE + radius * math.sin(angle), 1),
            )
    return placed


def actor_map_svg(actor_map: ActorMap, *, title: str) -> str:
    """The map as an SVG document (text), with a title, a description and a legend."""
    height = WIDTH + LEGEND_HEIGHT
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "role": "img",
            "aria-labelledby": "map-title map-desc",
            "font-family": "DejaVu Sans, Verdana, sans-serif",
        },
    )
    ET.SubElement(svg, "title", {"id": "map-title"}).text = title
    ET.SubElement(svg, "desc", {"id": "map-desc"}).text = _(
        "%(actors)s actors and %(links)s links. Strategic actors sit on the inner ring, "
        "operative actors on the outer ring. The table below the map lists every link."
    ) % {"actors": len(actor_map.actors), "links": len(actor_map.links)}
    ET.SubElement(svg, "rect", {"width": str(WIDTH), "height": str(height), "fill": "#ffffff"})
    placed = positions(actor_map)
    lines = ET.SubElement(svg, "g", {"class": "links"})
    for link in actor_map.links:
        (x1, y1), (x2, y2) = placed[link.a.pk], placed[link.b.pk]
        line = ET.SubElement(
            lines,
            "line",
            {
                "x1": str(x1),
                "y1": str(y1),
                "x2": str(x2),
                "y2": str(y2),
                "class": f"link {link.kind}",
                "data-kind": link.kind,
                **STYLES[link.kind],
            },
        )
        ET.SubElement(
            line, "title"
        ).text = (
            f"{link.a.name} – {link.b.name}: {kind_labels()[link.kind]} ({', '.join(link.through)})"
        )
    nodes = ET.SubElement(svg, "g", {"class": "actors"})
    for actor in actor_map.actors:
        x, y = placed[actor.pk]
        strategic = actor.level in (Level.STRATEGIC, Level.BOTH)
        node = ET.SubElement(nodes, "g", {"class": "actor", "data-actor": str(actor.pk)})
        ET.SubElement(node, "title").text = f"{actor.name} ({actor.get_level_display()})"
        shape = {"fill": "#0b4f6c" if strategic else "#ffffff", "stroke": "#0b4f6c"}
        if strategic:
            ET.SubElement(
                node,
                "rect",
                {"x": str(x - 8), "y": str(y - 8), "width": "16", "height": "16", **shape},
            )
        else:
            ET.SubElement(
                node, "circle", {"cx": str(x), "cy": str(y), "r": "8", "stroke-width": "2", **shape}
            )
        right = x >= CENTRE
        ET.SubElement(
            node,
            "text",
            {
                "x": str(x + 12 if right else x - 12),
                "y": str(y + 4),
                "font-size": "12",
                "fill": "#1b1b1b",
                "text-anchor": "start" if right else "end",
            },
        ).text = _short(actor.name)
    _legend(svg, top=WIDTH)
    return ET.tostring(svg, encoding="unicode")


def _legend(svg: ET.Element, *, top: float) -> None:
    legend = ET.SubElement(svg, "g", {"class": "legend", "font-size": "12"})
    for i, (kind, label) in enumerate(kind_labels().items()):
        x = 20 + i * 245
        ET.SubElement(
            legend,
            "line",
            {
                "x1": str(x),
                "y1": str(top + 20),
                "x2": str(x + 40),
                "y2": str(top + 20),
                **STYLES[kind],
            },
        )
        ET.SubElement(legend, "text", {"x": str(x + 48), "y": str(top + 24)}).text = label
    ET.SubElement(
        legend,
        "rect",
        {"x": "20", "y": str(top + 40), "width": "14", "height": "14", "fill": "#0b4f6c"},
    )
    ET.SubElement(legend, "text", {"x": "42", "y": str(top + 52)}).text = _("Strategic level")
    ET.SubElement(
        legend,
        "circle",
        {"cx": "272", "cy": str(top + 47), "r": "7", "fill": "#ffffff", "stroke": "#0b4f6c"},
    )
    ET.SubElement(legend, "text", {"x": "285", "y": str(top + 52)}).text = _("Operative level")
