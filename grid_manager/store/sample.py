"""Sample reference data for the demo store, the tests and the benchmark.

Classes, time limits and departments follow the national catalogue (GB/T 30428.2 part classes,
event classes); streets and communities are real 东城区 codes (National Bureau of Statistics 2023).
The grid geometry is NOT real: no community boundaries exist offline, so every community gets a
block of 2 x 2 square grids (about 110 m a side) near 东华门, laid out west to east.
"""

import random

DISTRICT = ("110101", "东城区")
STREETS = (("110101001", "东华门街道"), ("110101002", "景山街道"))
COMMUNITIES = (
    ("110101001001", "多福巷社区", "110101001"),
    ("110101001002", "银闸社区", "110101001"),
    ("110101001005", "东厂社区", "110101001"),
    ("110101002001", "隆福寺社区", "110101002"),
    ("110101002002", "吉祥社区", "110101002"),
    ("110101002003", "黄化门社区", "110101002"),
)
PART_CLASSES = (
    ("0101", "Water supply manhole cover", "上水井盖"),
    ("0102", "Sewage manhole cover", "污水井盖"),
    ("0103", "Rain water manhole cover", "雨水井盖"),
    ("0118", "Street lamp", "路灯"),
    ("0203", "Bus shelter", "公交站亭"),
    ("0301", "Public toilet", "公共厕所"),
    ("0305", "Litter bin", "垃圾箱"),
    ("0402", "Street tree", "行道树"),
)
EVENT_CLASSES = (
    ("0102", "Exposed rubbish", "暴露垃圾"),
    ("0201", "Illegal small advertisement", "非法小广告"),
    ("0302", "Construction site dust", "工地扬尘"),
    ("0401", "Road collapse", "路面塌陷"),
    ("0505", "Illegal parking", "机动车乱停放"),
)
DEPARTMENTS = (
    ("sz", "市政市容委"),
    ("yl", "园林绿化局"),
    ("cg", "城管执法局"),
    ("jt", "交通委"),
    ("gs", "自来水集团"),
)
# hours (normal, urgent) per class
LIMITS = {"part": (48, 8), "event": (24, 4)}
ORIGIN = (116.400, 39.915)  # south-west corner of the sample grids (CGCS2000 lon/lat)
CELL = 0.0013  # degrees (~110 m east-west, ~145 m north-south)


def grid_squares():
    """[(grid_code, community_code, wkt)]: 2 x 2 grids per community, communities west to east."""
    result = []
    for i, (community, _name, _street) in enumerate(COMMUNITIES):
        x0 = ORIGIN[0] + i * 2 * CELL
        serial = 1
        for row in (1, 0):  # north row first, then south (numbered west→east, north→south)
            for col in (0, 1):
                x, y = x0 + col * CELL, ORIGIN[1] + row * CELL
                wkt = "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(a=x, b=y, c=x + CELL, d=y + CELL)
                result.append((community + "%03d" % serial, community, wkt))
                serial += 1
    return result


def extent():
    return ORIGIN[0], ORIGIN[1], ORIGIN[0] + len(COMMUNITIES) * 2 * CELL, ORIGIN[1] + 2 * CELL


def seed_reference(store, parts_per_grid=6, rng=None):
    """Fill an empty store with the sample catalogue, units, grids and parts."""
    rng = rng or random.Random(20040101)
    for code, name in DEPARTMENTS:
        store.add_department(code, name)
    for kind, classes in (("part", PART_CLASSES), ("event", EVENT_CLASSES)):
        for code, name, name_zh in classes:
            store.add_class(kind, code, name, name_zh)
            for urgency, hours in enumerate(LIMITS[kind]):
                store.set_time_limit(kind, code, urgency, hours)
    store.add_admin_unit(DISTRICT[0], "district", DISTRICT[1])
    for code, name in STREETS:
        store.add_admin_unit(code, "street", name, DISTRICT[0])
    for code, name, street in COMMUNITIES:
        store.add_admin_unit(code, "community", name, street)
    parts = []
    for grid, _community, _wkt in grid_squares():
        store.add_grid(grid, _community, _wkt)
    for n, (grid, _community, wkt) in enumerate(grid_squares()):
        coords = [float(v) for v in wkt.split("((")[1].split(",")[0].split()]
        for k in range(parts_per_grid):
            cls = PART_CLASSES[(n + k) % len(PART_CLASSES)][0]
            x = coords[0] + rng.uniform(0.05, 0.95) * CELL
            y = coords[1] + rng.uniform(0.05, 0.95) * CELL
            parts.append(("110101" + cls + "%06d" % (n * parts_per_grid + k + 1), cls, x, y, grid))
    store.add_parts(parts)
    return parts


def random_point(rng):
    x0, y0, x1, y1 = extent()
    return rng.uniform(x0, x1), rng.uniform(y0, y1)


def seed_cases(store, n, rng=None, progress_to=None):
    """Report ``n`` cases and move them along the workflow (every step through the store API)."""
    rng = rng or random.Random(7)
    departments = [d for d, _ in DEPARTMENTS]
    created = []
    for i in range(n):
        kind = "event" if rng.random() < 0.6 else "part"
        classes = EVENT_CLASSES if kind == "event" else PART_CLASSES
        x, y = random_point(rng)
        part = None
        if kind == "part":
            near = store.nearest_part(x, y, 100.0)  # 100 m < a grid side: the same or a neighbouring grid
            part = near[0] if near else None
            cls = near[1] if near else classes[0][0]
        else:
            cls = rng.choice(classes)[0]
        case = store.report_case(
            kind,
            cls,
            rng.choice(("inspector", "public", "hotline", "video")),
            x,
            y,
            description=_describe(kind, cls, i),
            urgency=int(rng.random() < 0.15),
            part_code=part,
            role="inspector" if rng.random() < 0.7 else "supervision",
        )
        steps = rng.choice((0, 1, 2, 3, 3, 4, 4, 5, 6, 6, 6))
        plan = [
            ("verify", "inspector", {}),
            ("register", "supervision", {}),
            ("dispatch", "command", {"department": rng.choice(departments)}),
            ("report_back", "department", {}),
            ("check", "inspector", {}),
            ("close", "supervision", {}),
        ]
        if steps == 1 and rng.random() < 0.3:
            plan[0] = ("decline", "supervision", {})
        for action, role, extra in plan[:steps]:
            case = store.apply(case["case_code"], action, role, case["version"], **extra)
            if case["state"] == "declined":
                break
        created.append(case)
        if progress_to:
            progress_to(i + 1)
    return created


_BY_CLASS = {
    ("event", "0102"): "暴露垃圾堆放",
    ("event", "0201"): "小广告张贴在电线杆上",
    ("event", "0302"): "工地未覆盖，扬尘严重",
    ("event", "0401"): "路面塌陷约1平方米",
    ("event", "0505"): "机动车占用人行道",
    ("part", "0101"): "上水井盖破损",
    ("part", "0102"): "污水井盖缺失，有安全隐患",
    ("part", "0103"): "雨水井盖移位",
    ("part", "0118"): "路灯不亮",
    ("part", "0203"): "公交站亭玻璃破碎",
    ("part", "0301"): "公共厕所门锁损坏",
    ("part", "0305"): "垃圾箱满溢",
    ("part", "0402"): "行道树倒伏",
}


def _describe(kind, class_code, i):
    return _BY_CLASS.get((kind, class_code), _DESCRIPTIONS[i % len(_DESCRIPTIONS)])


_DESCRIPTIONS = (
    "井盖破损，有安全隐患",
    "路灯不亮",
    "垃圾桶满溢",
    "小广告张贴在电线杆上",
    "机动车占用人行道",
    "工地未覆盖，扬尘严重",
    "行道树倒伏",
    "公交站亭玻璃破碎",
    "路面塌陷约1平方米",
    "暴露垃圾堆放",
)
