"""Property-based fuzzing (hypothesis) of the numeric parameters and field names of every algorithm:
NaN, ±inf, values outside the declared range and unknown field names are refused with a message
naming the parameter or field — before any work, nothing written, inputs untouched."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ALGORITHMS
from .test_fuzz_matrix import FIELD_CASES, layer_label

NO_NUMBERS = (
    "gridmanager:convertchinacoords",
    "gridmanager:importparts",
    "gridmanager:addpartlayer",
    "gridmanager:evaluate",
    "gridmanager:workingtime",
)
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))


def test_algorithms_without_numbers(provider):
    registered = [a for a in ALGORITHMS if provider.algorithm(a.split(":")[1]) is not None]
    assert [a for a in registered if not number_parameters(provider, a)] == list(NO_NUMBERS)


def number_parameters(provider, alg_id):
    from qgis.core import QgsProcessingParameterNumber

    alg = provider.algorithm(alg_id.split(":")[1])
    if alg is None:
        pytest.skip("{} is not on this branch".format(alg_id))
    return [d for d in alg.parameterDefinitions() if isinstance(d, QgsProcessingParameterNumber)]


def bad_values(definition):
    """NaN, ±inf, and just outside the declared range."""
    values = [math.nan, math.inf, -math.inf, "nan", "inf"]
    if definition.minimum() > -1e300:
        values += [definition.minimum() - 1, -1e300]
    if definition.maximum() < 1e300:
        values += [definition.maximum() + 1, 1e300]
    return st.sampled_from(values)


@pytest.mark.parametrize("alg_id", [a for a in ALGORITHMS if a not in NO_NUMBERS])
def test_bad_numbers_are_refused_naming_the_parameter(provider, runner, alg_id):
    definitions = number_parameters(provider, alg_id)
    assert definitions

    @FUZZ
    @given(st.sampled_from(definitions).flatmap(lambda d: st.tuples(st.just(d), bad_values(d))))
    def check(case):
        definition, value = case
        runner.refused(alg_id, runner.params(alg_id, **{definition.name(): value}), definition.name())

    check()


SAFE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)


@FUZZ
@given(case=st.sampled_from(FIELD_CASES), name=SAFE)
def test_unknown_field_names_are_refused_naming_field_and_layer(run_alg, data, tmp_path_factory, case, name):
    from .conftest import Runner

    alg_id, field, parent = case
    known = {f for f, _ in data.specs["parts" if alg_id == "gridmanager:importparts" else "cases"]["fields"]}
    known |= {f for spec in data.specs.values() for f, _ in spec["fields"]}
    if name.strip() != name or name in known or name.lower() in {k.lower() for k in known}:
        return
    runner = Runner(run_alg, data, str(tmp_path_factory.mktemp("out")))
    changes = {field: name}
    if field in ("X_FIELD", "Y_FIELD"):
        changes = {"X_FIELD": name, "Y_FIELD": name}
    params = runner.params(alg_id, **changes)
    if ";" in name:  # QGIS splits field lists at ';' and refuses the parameter before the algorithm runs
        runner.refused(alg_id, params, field)
    else:
        runner.refused(alg_id, params, name, layer_label(params[parent]))
