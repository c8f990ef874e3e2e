"""The members' splits: test folds held out in turn, validation folds without leakage, single-fold datasets."""
from __future__ import annotations

from training.data import load_dataset
from training.splits import no_test_fold_warning, plan_member


def test_members_hold_out_different_folds_without_leakage(tiny_dataset):
    info = load_dataset(tiny_dataset)
    plans = [plan_member(info, i, base_seed=10) for i in range(4)]
    assert [p.fold for p in plans] == [0, 1, 2, 0]
    assert [p.seed for p in plans] == [10, 11, 12, 13]
    for plan in plans:
        train, val, test = ({c.id for c in s} for s in (plan.train, plan.val, plan.test))
        assert not (train & val or train & test or val & test)
        assert len(train | val | test) == 24
        assert {c.fold for c in plan.test} == {plan.fold}
        assert len({c.fold for c in plan.val}) == 1 and plan.fold not in {c.fold for c in plan.val}
        assert list(plan.test_glaciers) == info.glaciers_in_fold(plan.fold)
    assert {c.fold for c in plans[0].val} != {c.fold for c in plans[3].val}  # second round: other val fold


def test_two_folds_validate_on_a_random_share_of_the_training_fold(make_dataset):
    info = load_dataset(make_dataset(n_folds=2))
    plan = plan_member(info, 1, base_seed=0)
    assert plan.fold == 1 and {c.fold for c in plan.train} == {c.fold for c in plan.val} == {0}
    assert len(plan.val) == round(0.15 * 12) and len(plan.train) == 12 - len(plan.val)


def test_a_single_fold_gives_an_80_20_split_without_test_fold(make_dataset):
    info = load_dataset(make_dataset(n_folds=1))
    plan = plan_member(info, 0, base_seed=0)
    assert plan.fold == -1 and plan.test == () and plan.test_glaciers == ()
    assert (len(plan.train), len(plan.val)) == (19, 5)
    assert plan_member(info, 0, 0) == plan and plan_member(info, 1, 0).val != plan.val


def test_only_a_single_fold_dataset_warns_that_no_member_has_a_test_fold():
    assert no_test_fold_warning(3) == ""
    assert "no member has a held-out test fold" in no_test_fold_warning(1) and "FOLDS=2" in no_test_fold_warning(1)
