"""Part code schemes and class catalogues."""

import pytest


@pytest.fixture(scope="module")
def catalog():
    from gridmanager.grid_manager.parts.catalogs import load_catalog

    return load_catalog("part")


def test_bundled_catalogues_hold_the_standard_core(catalog):
    from gridmanager.grid_manager.parts.catalogs import load_catalog

    for code, name in (
        ("0101", "上水井盖"),
        ("0102", "污水井盖"),
        ("0103", "雨水井盖"),
        ("0104", "雨水箅子"),
        ("0105", "电力井盖"),
        ("0118", "路灯"),
        ("0123", "邮筒"),
        ("0203", "公交站亭"),
        ("0209", "交通标志牌"),
        ("0210", "交通信号灯"),
        ("0301", "公共厕所"),
        ("0305", "垃圾箱"),
        ("0402", "行道树"),
        ("0405", "绿地"),
        ("0601", "重大危险源"),
    ):
        assert catalog.lookup(code).name_zh == name
    assert [catalog.major(m).name_zh for m in ("01", "02", "03", "04", "05", "06", "21")] == [
        "公用设施",
        "道路交通",
        "市容环境",
        "园林绿化",
        "房屋土地",
        "其他设施",
        "扩展部件",
    ]
    events = load_catalog("event")
    for code, name in (
        ("0102", "暴露垃圾"),
        ("0201", "非法小广告"),
        ("0302", "工地扬尘"),
        ("0401", "路面塌陷"),
        ("0505", "机动车乱停放"),
    ):
        assert events.lookup(code).name_zh == name
    assert all(e.name_en for e in catalog.entries.values())
    assert catalog.lookup("01") is None  # a major class is not a part class


def test_detection_by_length_and_segments(catalog):
    from gridmanager.grid_manager.parts.schemes import parse_code

    p = parse_code("3205080101000001", catalog)
    assert (p["scheme"], p["county"], p["major"], p["minor"], p["serial"]) == (
        "gbt30428",
        "320508",
        "01",
        "01",
        "000001",
    )
    p = parse_code("010300001234", catalog)
    assert (p["scheme"], p["county"], p["class_code"], p["serial"]) == ("survey12", "", "0103", "00001234")
    p = parse_code("11010102010000042", catalog)
    assert (p["scheme"], p["major"], p["minor"], p["serial"]) == ("gbt47678", "02", "010", "000042")
    # full-width digits typed with a Chinese input method are digits
    assert parse_code("０１０１０００００００１", catalog)["code"] == "010100000001"


@pytest.mark.parametrize(
    "code, scheme, county, message",
    [
        ("", "auto", None, "the part code is empty"),
        ("0101-0000001", "auto", None, "the part code '0101-0000001' contains characters other than digits"),
        ("01010000001", "auto", None, "the part code '01010000001' has 11 digits; expected 12, 16 or 17"),
        ("010100000001", "gbt30428", None, "the part code '010100000001' has 12 digits; the chosen scheme needs 16"),
        ("019900000001", "auto", None, "the class 01-99 of the part code '019900000001' is not in the catalogue"),
        (
            "3205080101000001",
            "auto",
            "110101",
            "the county segment '320508' of the part code '3205080101000001' does not match the district 110101",
        ),
        (
            "0005080101000001",
            "auto",
            None,
            "the county segment '000508' of the part code '0005080101000001' is not a division code (GB/T 2260)",
        ),
    ],
)
def test_every_segment_is_checked(catalog, code, scheme, county, message):
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.parts.schemes import parse_code

    with pytest.raises(InputError) as error:
        parse_code(code, catalog, scheme, county)
    assert str(error.value) == message


def test_17_digit_minor_falls_back_to_the_4_digit_entry(catalog):
    from gridmanager.grid_manager.parts.schemes import check_codes

    checked = check_codes(["11010101018000001", "11010101118000001"], catalog)
    assert checked["reason"].tolist() == [None, "unknown_class"]


def test_12_to_16_conversion_reports_serials_that_do_not_fit():
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.parts.schemes import convert_code, survey12_to_gbt30428

    assert convert_code("010100000001", "320508") == "3205080101000001"
    assert convert_code("011800999999", "110101") == "1101010118999999"
    with pytest.raises(InputError, match="does not fit in the 6 digits"):
        convert_code("011801000000", "110101")
    converted, overflow = survey12_to_gbt30428(["010100000001", "010112345678", "x"], "110101")
    assert converted.tolist() == ["1101010101000001", "", ""]
    assert overflow.tolist() == [False, True, False]
    with pytest.raises(InputError, match="not a 6-digit division code"):
        survey12_to_gbt30428(["010100000001"], "1101")


def test_local_catalogue_extends_and_overrides(tmp_path):
    from gridmanager.grid_manager.common.errors import InputError
    from gridmanager.grid_manager.parts.catalogs import load_catalog

    local = tmp_path / "local.csv"
    text = "code,name_zh,name_en\n0101,自来水井盖,Tap water cover\n2105,充电桩,EV charger\n"
    local.write_bytes(text.encode("gbk"))
    catalog = load_catalog("part", str(local))
    assert catalog.lookup("0101").name_zh == "自来水井盖" and catalog.lookup("0101").source == "local"
    assert catalog.lookup("2105").name_en == "EV charger"
    assert catalog.lookup("0102").name_zh == "污水井盖"
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name_zh\n01x1,坏\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv, line 2, field 'code': '01x1'"):
        load_catalog("part", str(bad))
