"""Config found by walking up from PATH; every bad key named at once, with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coupling.config import Flags, load_settings
from coupling.errors import ConfigError, InputError
from coupling.records import ReadLimits
from tests.support import write_tree


def test_defaults_without_config(tmp_path: Path) -> None:
    write_tree(tmp_path, {"src/app/__init__.py": ""})
    settings = load_settings(Path("src"), tmp_path, Flags())
    assert settings.path == tmp_path / "src"
    assert (settings.root, settings.out, settings.depth, settings.jobs, settings.cache) == (
        tmp_path,
        tmp_path / "analysis" / "coupling",
        1,
        0,
        True,
    )
    assert settings.config_file is None
    assert settings.limits == ReadLimits(
        max_file_size=5_000_000, parse_timeout=30.0, follow_symlinks=False, newer_python="auto"
    )


def test_coupling_toml_found_walking_up_and_paths_relative_to_it(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "repo/coupling.toml": 'out = "reports"\ndepth = 2\nexclude = ["tests"]\nhistory = "git.log"\n',
            "repo/git.log": "",
            "repo/src/app/__init__.py": "",
        },
    )
    settings = load_settings(Path("repo/src/app"), tmp_path, Flags())
    assert settings.root == tmp_path / "repo"
    assert settings.out == tmp_path / "repo" / "reports"
    assert (settings.depth, settings.exclude) == (2, ("tests",))
    assert settings.inputs.history == tmp_path / "repo" / "git.log"


def test_pyproject_tool_coupling_and_the_nearest_config_wins(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "coupling.toml": "depth = 3\n",
            "repo/pyproject.toml": '[project]\nname = "x"\n\n[tool.coupling]\ndepth = 2\n',
            "repo/src/app/__init__.py": "",
        },
    )
    settings = load_settings(tmp_path / "repo" / "src", tmp_path, Flags())
    assert (settings.config_file, settings.depth) == (tmp_path / "repo" / "pyproject.toml", 2)


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "coupling.toml": "depth = 3\n",
            "repo/pyproject.toml": "[project]\nname = 'x'\n",
            "repo/src/a.py": "",
        },
    )
    assert load_settings(tmp_path / "repo" / "src", tmp_path, Flags()).depth == 3


def test_coupling_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "coupling.toml": "depth = 3\n",
            "pyproject.toml": "[tool.coupling]\ndepth = 2\n",
            "a.py": "",
        },
    )
    assert load_settings(tmp_path, tmp_path, Flags()).depth == 3


def test_flags_win_and_are_relative_to_the_working_directory(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "repo/coupling.toml": 'out = "reports"\ndepth = 2\njobs = 4\ncache = true\n',
            "repo/a.py": "",
        },
    )
    settings = load_settings(
        Path("repo"), tmp_path, Flags(out=Path("here"), depth=1, jobs=1, cache=False)
    )
    assert (settings.out, settings.depth, settings.jobs, settings.cache) == (
        tmp_path / "here",
        1,
        1,
        False,
    )


def test_every_unknown_key_is_listed_at_once_with_its_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname = 'x'\n\n[tool.coupling]\ndepth = 2\nouts = 'x'\nfrobnicate = 1\n",
            "a.py": "",
        },
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path, tmp_path, Flags())
    message = str(caught.value)
    assert message.startswith(
        f"{tmp_path / 'pyproject.toml'}:6: unknown key(s) in [tool.coupling]: outs (line 6), frobnicate (line 7)"
    )
    assert "known keys: bots, cache, check, codeowners, coverage, depth" in message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("depth = 0", "depth must be a whole number of 1 or more"),
        ("depth = true", "depth must be a whole number of 1 or more"),
        ("jobs = -1", "jobs must be a whole number of 0"),
        ("exclude = 'tests'", "exclude must be a list of glob patterns"),
        ("shared = [1, 2]", "shared must be a list of unit names"),
        ("cache = 'yes'", "cache must be true or false"),
        ("out = 3", "out must be a folder path"),
        ("max_file_size = 0", "max_file_size must be a size in bytes of 1 or more"),
        ("max_file_size = '5MB'", "max_file_size must be a size in bytes"),
        ("parse_timeout = 0", "parse_timeout must be a whole number of seconds of 1 or more"),
        ("follow_symlinks = 1", "follow_symlinks must be true or false"),
    ],
)
def test_wrong_types_name_the_key_and_line(tmp_path: Path, line: str, message: str) -> None:
    write_tree(tmp_path, {"coupling.toml": f"# settings\n{line}\n", "a.py": ""})
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings(tmp_path, tmp_path, Flags())
    assert str(caught.value).startswith(f"{tmp_path / 'coupling.toml'}:2: ")


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"coupling.toml": "depth = 2\nout = \n", "a.py": ""})
    with pytest.raises(
        ConfigError, match=r"coupling.toml:2: invalid TOML: .*; fix the file or remove it"
    ):
        load_settings(tmp_path, tmp_path, Flags())


def test_a_missing_input_file_is_named(tmp_path: Path) -> None:
    write_tree(tmp_path, {"coupling.toml": 'codeowners = ".github/CODEOWNERS"\n', "a.py": ""})
    with pytest.raises(
        ConfigError, match=r"coupling.toml:1: codeowners = '.github/CODEOWNERS': no such file"
    ):
        load_settings(tmp_path, tmp_path, Flags())


def test_rules_can_be_overridden_and_unknown_rules_are_named(tmp_path: Path) -> None:
    write_tree(tmp_path, {"coupling.toml": "[rules.cycles]\nmax_listed = 5\n", "a.py": ""})
    assert load_settings(tmp_path, tmp_path, Flags()).rules.max_cycles_listed == 5
    (tmp_path / "coupling.toml").write_text("[rules.cycles]\nmax_listted = 5\n")
    with pytest.raises(
        ConfigError,
        match=r"coupling.toml:2: unknown key\(s\) rules.cycles.max_listted \(line 2\); "
        r"known in rules.cycles: max_length, max_listed",
    ):
        load_settings(tmp_path, tmp_path, Flags())
    (tmp_path / "coupling.toml").write_text("[rules.shared_kernel]\nmax_instability = 2\n")
    with pytest.raises(
        ConfigError,
        match=r"coupling.toml:2: rules.shared_kernel.max_instability: must be a number from 0 to 1",
    ):
        load_settings(tmp_path, tmp_path, Flags())


def test_path_must_be_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("")
    with pytest.raises(InputError, match="no such directory"):
        load_settings(Path("missing"), tmp_path, Flags())
    with pytest.raises(InputError, match="is a file"):
        load_settings(Path("a.py"), tmp_path, Flags())


def test_history_settings_and_teams(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "coupling.toml": 'since = "12.months"\nbots = ["[bot]", "renovate"]\n\n[teams]\nweb = ["a@x.io", "Bo"]\nops = ["c@x.io"]\n',
            "a.py": "",
        },
    )
    settings = load_settings(tmp_path, tmp_path, Flags())
    assert (settings.since, settings.bots) == ("12.months", ("[bot]", "renovate"))
    assert settings.teams == (("ops", ("c@x.io",)), ("web", ("a@x.io", "Bo")))


def test_a_team_that_is_not_a_list_is_named(tmp_path: Path) -> None:
    write_tree(tmp_path, {"coupling.toml": '[teams]\nweb = "a@x.io"\n', "a.py": ""})
    with pytest.raises(
        ConfigError, match=r"coupling.toml:2: teams.web must be a list of author emails or names"
    ):
        load_settings(tmp_path, tmp_path, Flags())


def test_without_path_the_configs_path_is_analysed(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "repo/pyproject.toml": '[tool.coupling]\npath = "src"\n',
            "repo/src/app/__init__.py": "",
            "repo/docs/x.txt": "",
        },
    )
    settings = load_settings(None, tmp_path / "repo" / "docs", Flags())
    assert settings.path == tmp_path / "repo" / "src"
    assert load_settings(None, tmp_path / "repo" / "src" / "app", Flags()).path == (
        tmp_path / "repo" / "src"
    )


def test_without_path_or_config_the_working_folder_is_analysed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app/__init__.py": ""})
    assert load_settings(None, tmp_path, Flags()).path == tmp_path


def test_a_path_that_is_not_text_is_refused_with_its_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"coupling.toml": 'out = "x"\npath = 3\n', "app/__init__.py": ""})
    with pytest.raises(ConfigError) as caught:
        load_settings(None, tmp_path, Flags())
    assert str(caught.value) == (
        f"{tmp_path / 'coupling.toml'}:2: path must be a folder path: what to analyse when no "
        "PATH is given"
    )


def test_sealed_units_are_read_from_the_check_table(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"coupling.toml": '[check]\nsealed = ["users", "billing", "users"]\n', "a.py": ""},
    )
    settings = load_settings(tmp_path, tmp_path, Flags())
    assert settings.check.sealed == ("billing", "users")


def test_a_sealed_entry_that_is_not_a_list_of_names_names_its_line(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"coupling.toml": '[check]\nfrozen = []\nsealed = "billing"\n', "a.py": ""}
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path, tmp_path, Flags())
    assert str(caught.value) == (
        f"{tmp_path / 'coupling.toml'}:3: check.sealed must be a list of unit names"
    )
