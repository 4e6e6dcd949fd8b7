"""A stream's state as its owning service's decider folds it (issue #13 item 2)."""

from shequ.service import fold_stream, owns_decider

REGISTERED = (
    "PersonRegistered",
    1,
    {
        "person_id": "p-1",
        "office": "441900102001",
        "name": "李建国",
        "document_kind": "resident_id",
        "document_number": "441900198001011234",
        "document_masked": "441900********1234",
        "birth_date": "1980-01-01",
        "sex": "male",
        "phone": None,
        "address": "东向社区 1 号",
        "residence": "registered",
        "tags": [],
    },
)
MOVED = (
    "PersonMoved",
    1,
    {
        "from_office": "441900102001",
        "to_office": "441900102002",
        "kind": "to_community",
        "address": "2 号",
    },
)


def test_every_service_declares_the_deciders_of_its_streams() -> None:
    assert [
        owns_decider("registry", kind)
        for kind in ("person", "household", "office", "staff")
    ] + [
        owns_decider("employment", "labour_profile"),
        owns_decider("mediation", "dispute"),
        owns_decider("mediation", "committee"),
        owns_decider("nowhere", "x"),
    ] == [True, True, True, True, True, True, True, False]


def test_a_person_as_the_registry_folds_them() -> None:
    state = fold_stream("registry", "person", [REGISTERED, MOVED])

    assert state is not None
    assert (state["name"], state["office"], state["address"]) == (
        "李建国",
        "441900102002",
        "2 号",
    )


def test_no_owner_installed_means_no_state_rather_than_a_guess() -> None:
    assert fold_stream("events", "activity", []) is None
