"""Reading one file: data, marks, and every way a file can be wrong, as findings."""

from __future__ import annotations

import hashlib
import pickle
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ztui.model import Location
from ztui.repo.layout import plan_repo
from ztui.repo.nodes import MAX_DEPTH
from ztui.repo.yamlread import KEY, FileRead, parse_text, read_file

REL = "env/teams/services.a1.yaml"


def write(root: Path, rel: str, content: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def read(tmp_path: Path, content: str | bytes, rel: str = REL) -> FileRead:
    write(tmp_path, rel, content)
    return read_file(tmp_path, rel)


def codes_at(result: FileRead) -> list[tuple[str, int, int]]:
    """(code, line, column) of each finding."""
    out = []
    for finding in result.findings:
        assert finding.location is not None
        out.append((finding.code, finding.location.line, finding.location.column))
    return out


# --- plain data ------------------------------------------------------------------------------


def test_scalars_are_resolved_like_safe_load() -> None:
    text = (
        "s: text\nq: '042'\ni: 42\no: 017\nx: 0x1f\nf: 1.5\nn: ~\nb: yes\nt: 2024-01-02\n"
        "inf: .inf\nu: 1_000\n"
    )
    data, _, findings = parse_text(text, REL)
    assert findings == []
    assert data == {
        "s": "text", "q": "042", "i": 42, "o": 15, "x": 31, "f": 1.5, "n": None, "b": True,
        "t": "2024-01-02",  # timestamps stay text: values files mean strings
        "inf": float("inf"), "u": 1000,
    }


def test_empty_and_comment_only_files_are_empty_mappings(tmp_path: Path) -> None:
    assert read(tmp_path, "").data == {}
    assert read(tmp_path, "# nothing here\n").data == {}
    assert read(tmp_path, "---\n").data == {}


def test_bom_is_allowed_and_not_counted_in_columns(tmp_path: Path) -> None:
    result = read(tmp_path, b"\xef\xbb\xbfteamConfig:\n  a1: {}\n")
    assert result.findings == []
    assert result.bom is True
    assert result.text.startswith("teamConfig")
    assert result.data == {"teamConfig": {"a1": {}}}
    assert result.marks[("teamConfig", KEY)] == Location(REL, 1, 1)
    assert result.marks[("teamConfig", "a1")] == Location(REL, 2, 7)


def test_crlf_files_read_with_the_same_marks(tmp_path: Path) -> None:
    raw = b"teamConfig:\r\n  a1:\r\n    services:\r\n      - name: x\r\n"
    result = read(tmp_path, raw)
    assert result.findings == []
    assert result.data == {"teamConfig": {"a1": {"services": [{"name": "x"}]}}}
    assert result.marks[("teamConfig", "a1", "services", 0, "name")] == Location(REL, 4, 15)
    assert result.text == raw.decode()  # line ends kept: writers patch this text


def test_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfa: 1\r\n"
    result = read(tmp_path, raw)
    assert result.sha256 == hashlib.sha256(raw).hexdigest()


# --- marks -----------------------------------------------------------------------------------

DEEP = """\
teamConfig:
  a1:
    services:
      - name: api
        networkPolicy:
          egressPublic:
            - domain: api.stripe.com
              ports:
                - {protocol: HTTPS, number: 443}
"""


def test_marks_of_a_deep_field_values_and_keys() -> None:
    _, table, _ = parse_text(DEEP, REL)
    marks = table.locations()
    base = ("teamConfig", "a1", "services", 0, "networkPolicy", "egressPublic", 0)
    # `            - domain: api.stripe.com`: the dash at 13, `domain` at 15, its value at 23
    assert marks[(*base, "domain")] == Location(REL, 7, 23)
    assert marks[(*base, "domain", KEY)] == Location(REL, 7, 15)
    assert marks[base] == Location(REL, 7, 15)  # the item mapping starts at its first key
    assert marks[(*base[:-1],)] == Location(REL, 7, 13)  # the list starts at its dash
    # `                - {protocol: HTTPS, number: 443}`: `{` at 19, `443` at 45
    assert marks[(*base, "ports", 0)] == Location(REL, 9, 19)
    assert marks[(*base, "ports", 0, "number")] == Location(REL, 9, 45)
    assert marks[(*base, "ports", 0, "number", KEY)] == Location(REL, 9, 37)
    assert marks[()] == Location(REL, 1, 1)


def test_an_empty_value_is_marked_after_its_key() -> None:
    _, table, _ = parse_text("a:\nb: x\n", REL)
    marks = table.locations()
    assert marks[("a",)] == Location(REL, 1, 3)
    assert marks[("a", KEY)] == Location(REL, 1, 1)


# --- anchors, aliases, merge keys ------------------------------------------------------------

MERGES = """\
base: &base {mode: AllowOnly, allow: [{team: a}]}
svc:
  <<: *base
  mode: AllowAll
multi:
  <<: [{x: 1, y: 1}, {x: 2, z: 2}]
  w: 0
ref: *base
"""


def test_merge_keys_follow_yaml_1_1_like_safe_load() -> None:
    data, table, findings = parse_text(MERGES, REL)
    expected = yaml.safe_load(MERGES)
    assert findings == []
    assert data == expected
    assert data is not None
    assert data["svc"] == {"mode": "AllowAll", "allow": [{"team": "a"}]}
    assert data["multi"] == {"x": 1, "y": 1, "z": 2, "w": 0}
    assert list(data["multi"]) == list(expected["multi"])  # the same key order too
    marks = table.locations()
    # merged values are marked where they are written: `[` of the anchored allow list is at 38
    assert marks[("svc", "allow")] == Location(REL, 1, 38)
    assert marks[("svc", "mode")] == Location(REL, 4, 9)  # the explicit key wins
    assert marks[("ref", "allow", 0, "team")] == Location(REL, 1, 46)


def test_earlier_merged_mapping_wins_as_yaml_1_1_says() -> None:
    # PyYAML 6.0.4 lets `{xx: 2}` win here (but `{x: 1}` for one-letter keys); the spec says
    # "keys in mapping nodes earlier in the sequence override keys in later mapping nodes"
    text = "a: &a {xx: 1, <<: {xx: 5, q: 1}}\nb: &b {xx: 2, r: 2}\nm:\n  <<: [*a, *b]\n"
    data, _, findings = parse_text(text, REL)
    assert findings == []
    assert data is not None
    assert data["a"] == {"xx": 1, "q": 1}
    assert data["m"] == {"xx": 1, "q": 1, "r": 2}


def test_explicit_key_overriding_a_merged_one_is_not_a_duplicate() -> None:
    _, _, findings = parse_text("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n", REL)
    assert findings == []


def test_a_merge_key_after_other_keys_reports_each_problem_once() -> None:
    data, table, findings = parse_text("m:\n  a: 1\n  a: 2\n  <<: {b: 3}\n", REL)
    assert [(f.code, f.location) for f in findings] == [("ZT002", Location(REL, 3, 3))]
    assert data == {"m": {"b": 3, "a": 2}}
    assert table.locations()[("m", "b")] == Location(REL, 4, 11)


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    lines = ['l0: &l0 "lol"']
    for level in range(1, 10):
        previous = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{previous}]")
    start = time.perf_counter()
    result = read(tmp_path, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - start
    assert [f.code for f in result.findings] == ["ZT006"]
    assert result.data is None
    assert elapsed < 0.5


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    result = read(tmp_path, "a: &x [1, *x]\n")
    assert codes_at(result) and codes_at(result)[0][0] == "ZT006"
    assert result.findings[0].message.startswith("an alias refers to a node that contains it")


def test_a_mapping_merging_itself_is_refused() -> None:
    _, _, findings = parse_text("a: &x {b: 1, <<: *x}\n", REL)
    assert [f.code for f in findings] == ["ZT006"]


def test_nesting_deeper_than_the_limit_is_a_finding() -> None:
    text = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    data, _, findings = parse_text("a: " + text, REL)
    assert data is None
    assert [f.code for f in findings] == ["ZT001"]


# --- errors ----------------------------------------------------------------------------------


def test_syntax_error_has_the_exact_position(tmp_path: Path) -> None:
    # `  a1: b: c`: the second colon (column 8) is where the mapping value is not allowed
    result = read(tmp_path, "teamConfig:\n  a1: b: c\n")
    assert codes_at(result) == [("ZT001", 2, 8)]
    assert result.data is None
    assert str(result.findings[0].location) == f"{REL}:2:8"


def test_tab_indentation_is_a_syntax_error_that_says_so(tmp_path: Path) -> None:
    result = read(tmp_path, "teamConfig:\n\ta1: {}\n")
    assert codes_at(result) == [("ZT001", 2, 1)]
    assert "tab" in result.findings[0].message


def test_duplicate_key_points_at_the_second_key(tmp_path: Path) -> None:
    result = read(tmp_path, "teamConfig:\n  a1: {x: 1}\n  a1: {x: 2}\n")
    assert codes_at(result) == [("ZT002", 3, 3)]
    assert "line 2, column 3" in result.findings[0].message
    assert result.data == {"teamConfig": {"a1": {"x": 2}}}  # the later one, as Helm keeps it


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    result = read(tmp_path, b"a: 1\nb: caf\xe9\n")
    assert codes_at(result) == [("ZT004", 2, 7)]
    assert result.data is None


def test_not_utf8_column_counts_characters(tmp_path: Path) -> None:
    result = read(tmp_path, "x: é".encode() + b"\xff\n")
    assert codes_at(result) == [("ZT004", 1, 5)]


def test_control_character_is_a_syntax_error_with_position(tmp_path: Path) -> None:
    result = read(tmp_path, "a: é\nb: x\x07y\n")
    assert codes_at(result) == [("ZT001", 2, 5)]


@pytest.mark.parametrize(
    ("text", "position"),
    [("- a\n- b\n", (1, 1)), ("just text\n", (1, 1)), ("# head\n42\n", (2, 1))],
)
def test_a_document_that_is_not_a_mapping(tmp_path: Path, text: str, position: Any) -> None:
    result = read(tmp_path, text)
    assert codes_at(result) == [("ZT005", *position)]
    assert result.data is None


def test_two_documents_are_a_syntax_error(tmp_path: Path) -> None:
    result = read(tmp_path, "a: 1\n---\nb: 2\n")
    assert codes_at(result) == [("ZT001", 2, 1)]


def test_mapping_as_a_key_is_reported_and_skipped() -> None:
    data, _, findings = parse_text("? [a, b]\n: x\nc: 1\n", REL)
    assert data == {"c": 1}
    assert [(f.code, f.location) for f in findings] == [("ZT001", Location(REL, 1, 3))]


# --- files: links, SOPS, unreadable ----------------------------------------------------------


def test_symlink_out_of_the_root_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("teamConfig: {evil: {}}\n")
    root = tmp_path / "repo"
    (root / "env/teams").mkdir(parents=True)
    (root / REL).symlink_to(outside)
    result = read_file(root, REL)
    assert codes_at(result) == [("ZT007", 1, 1)]
    assert result.data is None and result.text == ""


RULE = "env/teams/shop/netpols/api.yaml"


def test_a_folder_linked_out_of_the_root_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside, "api.yaml", "kind: AplTeamNetworkControl\n")
    root = tmp_path / "repo"
    (root / "env/teams/shop").mkdir(parents=True)
    (root / "env/teams/shop/netpols").symlink_to(outside)
    result = read_file(root, RULE)
    assert codes_at(result) == [("ZT007", 1, 1)]
    message = f"links to {outside / 'api.yaml'}, outside the repo: not read"
    assert result.findings[0].message == message
    assert result.data is None and result.text == ""


def test_links_inside_the_root_are_read(tmp_path: Path) -> None:
    write(tmp_path, "shared/rules/api.yaml", "kind: AplTeamNetworkControl\n")
    write(tmp_path, "shared/web.yaml", "kind: Other\n")
    (tmp_path / "env/teams/shop").mkdir(parents=True)
    (tmp_path / "env/teams/shop/netpols").symlink_to(tmp_path / "shared/rules")  # a folder
    (tmp_path / "shared/rules/web.yaml").symlink_to(tmp_path / "shared/web.yaml")  # a file
    assert read_file(tmp_path, RULE).data == {"kind": "AplTeamNetworkControl"}
    linked = read_file(tmp_path, "env/teams/shop/netpols/web.yaml")
    assert (linked.data, linked.findings) == ({"kind": "Other"}, [])


def test_a_folder_relinked_out_is_seen_by_the_next_read(tmp_path: Path) -> None:
    """Folders are resolved once per read of the repo (a plan starts one): a link changed
    since must not be trusted."""
    root = tmp_path / "repo"
    write(root, RULE, "kind: AplTeamNetworkControl\n")
    write(root, "env/teams/shop/settings.yaml", "kind: AplTeamSettingSet\n")
    write(tmp_path, "outside/api.yaml", "kind: Stolen\n")
    assert read_file(root, RULE).data == {"kind": "AplTeamNetworkControl"}
    (root / "env/teams/shop/netpols").rename(root / "moved")
    (root / "env/teams/shop/netpols").symlink_to(tmp_path / "outside")
    plan_repo(root)  # a new read of the repo
    assert codes_at(read_file(root, RULE)) == [("ZT007", 1, 1)]


def test_broken_link_is_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "env/teams").mkdir(parents=True)
    (tmp_path / REL).symlink_to(tmp_path / "env/teams/missing.yaml")
    result = read_file(tmp_path, REL)
    assert [f.code for f in result.findings] == ["ZT009"]


def test_sops_file_by_name_is_never_opened(tmp_path: Path) -> None:
    rel = "env/teams/secrets.a1.yaml"
    write(tmp_path, rel, "teamConfig: [broken\n")
    result = read_file(tmp_path, rel)
    assert result.findings == []
    assert result.skipped is not None and result.data is None and result.text == ""


def test_sops_file_by_top_level_key_is_never_parsed(tmp_path: Path) -> None:
    result = read(tmp_path, "teamConfig: {a1: {password: ENC[AES,data:x\nsops:\n  mac: [\n")
    assert result.findings == []  # invalid YAML, but no ZT001: it was not parsed
    assert result.skipped is not None and result.data is None and result.text == ""
    assert result.sha256  # still hashed: the file is known, just not read


def test_a_nested_sops_key_does_not_make_a_file_sops(tmp_path: Path) -> None:
    result = read(tmp_path, "teamConfig:\n  sops: 1\n")
    assert result.skipped is None and result.data == {"teamConfig": {"sops": 1}}


# --- pickling and property -------------------------------------------------------------------


def test_file_read_survives_pickling(tmp_path: Path) -> None:
    result = read(tmp_path, DEEP)
    back = pickle.loads(pickle.dumps(result))
    assert back.data == result.data
    assert back.marks == result.marks
    assert back.findings == result.findings and back.sha256 == result.sha256


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
)
keys = st.text(max_size=10) | st.integers(min_value=-1000, max_value=1000)
trees = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, trees, max_size=5))
def test_builder_matches_safe_load(document: dict[Any, Any]) -> None:
    text = yaml.safe_dump(document)
    data, _, findings = parse_text(text, REL)
    assert findings == []
    assert data == yaml.safe_load(text)
