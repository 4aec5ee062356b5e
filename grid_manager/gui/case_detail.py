"""The detail pane of the case dock: a case's fields and its history, as HTML (times in the store's zone)."""

import html

from qgis.PyQt.QtCore import QObject

from .case_model import CaseTableModel

THUMB_HEIGHT = 66
PHOTOS_PER_ROW = 5


class CaseDetail(QObject):
    """Renders one case; ``tr()`` context ``CaseDetail``."""

    def html(self, case, events, states, actions, roles, class_names, department_names, zone=None, photos=()):
        """``photos``: the case's attachments (thumbnails drawn as ``gmthumb:<id>`` images by the
        dock's browser, each a link ``gmphoto:<id>`` that opens the photo)."""
        s, a = states, actions
        esc = html.escape

        def when(value):
            return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else "—"

        overdue = CaseTableModel.is_overdue(case)
        rows = [
            (
                self.tr("State"),
                s.get(case["state"], case["state"])
                + (" " + self.tr("(extension requested)") if case["extension_pending"] else "")
                + (" " + self.tr("(return requested)") if case.get("return_pending") else ""),
            ),
            (
                self.tr("Class"),
                "{} {} {}".format(
                    self.tr("part") if case["kind"] == "part" else self.tr("event"),
                    case["class_code"],
                    class_names.get((case["kind"], case["class_code"]), ""),
                ),
            ),
            (self.tr("Urgent"), self.tr("yes") if case["urgency"] else self.tr("no")),
            (self.tr("Grid"), case["grid_code"] or "—"),
            (self.tr("Community"), case["community_code"] or "—"),
            (self.tr("Part"), case["part_code"] or "—"),
            (
                self.tr("Department"),
                "{} {}".format(case["department"], department_names.get(case["department"], ""))
                if case["department"]
                else "—",
            ),
            (self.tr("Reported at"), when(case.get("reported_at"))),
            (self.tr("Deadline"), when(case["deadline_at"])),
            (
                self.tr("Rework / extensions / returns"),
                "{} / {} / {}".format(case["rework_count"], case["extension_count"], case["returned_count"]),
            ),
        ]
        if case.get("overdue_seconds"):
            rows.append(
                (
                    self.tr("Overdue before a return"),
                    self.tr("{hours} h").format(hours="%.1f" % (float(case["overdue_seconds"]) / 3600.0)),
                )
            )
        out = [
            "<h3>{}{}</h3>".format(
                esc(case["case_code"]),
                " <span style='color:#a00000'>{}</span>".format(esc(self.tr("OVERDUE"))) if overdue else "",
            )
        ]
        if case["description"]:
            out.append("<p>{}</p>".format(esc(case["description"])))
        out.append("<table cellspacing='0' cellpadding='1' width='100%'>")
        for i in range(0, len(rows), 2):
            cells = "".join(
                "<td><b>{}</b>&nbsp;</td><td>{}&nbsp;&nbsp;</td>".format(esc(label), esc(str(value)))
                for label, value in rows[i : i + 2]
            )
            out.append("<tr>{}</tr>".format(cells))
        by_step = {}
        for photo in photos:
            by_step.setdefault(photo["seq"], []).append(photo)
        if photos:
            # one gallery above the history (seen without scrolling); each photo says the step it belongs to
            out.append(
                "</table><p style='margin-top:6px'><b>{}</b></p>".format(
                    esc(self.tr("Photos: {n} (click one to open it)").format(n=len(photos)))
                )
            )
            out.append("<table cellspacing='2' cellpadding='0'>")
            for start in range(0, len(photos), PHOTOS_PER_ROW):
                cells = []
                for photo in photos[start : start + PHOTOS_PER_ROW]:
                    cells.append(
                        "<td align='center'><a href='gmphoto:{id}'><img src='gmthumb:{id}' height='{h}' "
                        "title='{title}'/></a><br/><small>{stage}</small></td>".format(
                            id=int(photo["id"]),
                            h=THUMB_HEIGHT,
                            title=esc(
                                "{} — {} {}".format(photo["name"], photo["actor"], when(photo["at"])), quote=True
                            ),
                            stage=esc(a.get(photo["stage"], photo["stage"]).rstrip("…")),
                        )
                    )
                out.append("<tr>{}</tr>".format("".join(cells)))
        out.append("</table><h4>{}</h4><table cellspacing='0' cellpadding='1'>".format(esc(self.tr("History"))))
        for event in events:
            change = s.get(event["to_state"], event["to_state"])
            if event["from_state"] != event["to_state"]:
                change = "{} → {}".format(s.get(event["from_state"], event["from_state"]), change)
            note = esc(event["note"]) if event["note"] else ""
            if event["attachments"]:
                note += " <i>[{}]</i>".format(esc("; ".join(event["attachments"])))
            if by_step.get(event["seq"]):
                note += " <i>({})</i>".format(esc(self.tr("{n} photo(s)").format(n=len(by_step[event["seq"]]))))
            out.append(
                "<tr><td>{}&nbsp;</td><td><b>{}</b> — {} ({})<br/>{}<br/>{}</td></tr>".format(
                    esc(when(event["at"])),
                    esc(a.get(event["action"], event["action"])),
                    esc(event["actor"]),
                    esc(roles.get(event["role"], event["role"])),
                    esc(change),
                    note,
                )
            )
        out.append("</table>")
        return "".join(out)
