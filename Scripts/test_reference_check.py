#!/usr/bin/env python3
"""Tests for the reference checker: every rule on both sides of each boundary,
and every filing-reading rule of domain.md.

    python3 -m unittest discover -s Scripts -p 'test_*.py'
    python3 Scripts/test_reference_check.py
"""
import copy, json, os, subprocess, sys, tempfile, unittest
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_check as rc  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference_check.py")
COMMON = {"id": "F-1", "region": "沈阳市", "department": "市财政局", "report_date": "2024-03-01"}
BASE = {
    "project": {"funding": "government", "completed": False, "audited": False,
                "payables": [], "repayment_plan": []},
    "procurement": {"buyer": "沈阳市财政局", "supplier": "沈阳某建筑工程有限公司", "supplier_is_sme": True,
                    "amount": 100, "method": "公开招标", "published": True, "acceptance_date": None,
                    "payment_terms_days": 30, "payments": []},
    "debt": {"year": 2023, "debt_balance": 50, "debt_limit": 100, "fiscal_capacity": 100,
             "borrowings": [], "risk_assessment": True, "early_warning": True, "emergency_plan": True},
    "ppp": {"government_contact": "张伟", "obligations": []},
    "commitment": {"investor": "某投资有限公司", "terms": [], "fulfilled": True},
    "statistics": {"indicator": "地区生产总值", "period": "2023年", "reported": 100,
                   "instructed_falsification": False},
    "decision": {"title": "关于调整供暖价格的决定", "major": True, "enterprise_related": True,
                 "procedures": {"public_participation": True, "expert_review": True, "risk_assessment": True,
                                "legality_review": True, "collective_discussion": True},
                 "public_comment": True, "pre_assessment_report": True, "changed": False,
                 "change_procedure": False},
    "complaint": {"received_date": "2024-02-01", "time_limit_days": 10, "feedback_date": "2024-02-05"},
}


def filing(kind_, **fields):
    f = {"kind": kind_, **COMMON, **copy.deepcopy(BASE[kind_])}
    f.update(fields)
    return f


def to_json(obj):
    """JSON text with Decimal written exactly (as a filer would)."""
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, dict):
        return "{" + ",".join(json.dumps(k) + ":" + to_json(v) for k, v in obj.items()) + "}"
    if isinstance(obj, list):
        return "[" + ",".join(map(to_json, obj)) + "]"
    return json.dumps(obj, ensure_ascii=False)


def run_files(files, params=None):
    """Write {name: bytes|str} into a temp dir and run the checker over it."""
    with tempfile.TemporaryDirectory() as d:
        for name, content in files.items():
            path = os.path.join(d, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        result = rc.check_paths([d], params)
        for item in result["violations"] + result["errors"]:
            item["file"] = os.path.relpath(item["file"], d)
        return result


def verdicts(f, **params):
    """(rule, severity) pairs for one filing read from JSON text; raises if invalid."""
    p = {k: (rc.parse_param(f"{k}={v}")[1]) for k, v in params.items()}
    r = run_files({"f.jsonl": to_json(f) + "\n"}, p)
    if r["errors"]:
        raise AssertionError(r["errors"])
    return [(v["rule"], v["severity"]) for v in r["violations"]]


def rules(f, **params):
    return [r for r, _ in verdicts(f, **params)]


def error_of(f):
    r = run_files({"f.jsonl": (to_json(f) if not isinstance(f, str) else f) + "\n"})
    assert r["filings_checked"] == 0 and not r["violations"], r
    (e,) = r["errors"]
    return e


D = Decimal


class ProjectRules(unittest.TestCase):
    def payable(self, due, amount=100, paid=0):
        return {"item": "土建工程款", "due_date": due, "amount": amount, "paid": paid}

    def test_no_new_arrears_due_date_boundary(self):
        self.assertEqual(rules(filing("project", payables=[self.payable("2024-03-01")])), [])  # due == report
        self.assertEqual(verdicts(filing("project", payables=[self.payable("2024-02-29")])),
                         [("no-new-arrears", "critical")])  # leap day, one day overdue

    def test_no_new_arrears_leap_day_report(self):
        f = filing("project", report_date="2024-02-29", payables=[self.payable("2024-02-29")])
        self.assertEqual(rules(f), [])
        f["payables"] = [self.payable("2024-02-28")]
        self.assertEqual(rules(f), ["no-new-arrears"])

    def test_no_new_arrears_cutoff(self):
        self.assertEqual(rules(filing("project", payables=[self.payable("2019-12-11")])), [])  # old arrears
        self.assertEqual(rules(filing("project", payables=[self.payable("2019-12-12")])), ["no-new-arrears"])
        f = filing("project", payables=[self.payable("2019-12-11")])
        self.assertEqual(rules(f, arrears_cutoff="2019-12-11"), ["no-new-arrears"])
        f = filing("project", payables=[self.payable("2020-01-01")])
        self.assertEqual(rules(f, arrears_cutoff="2020-01-02"), [])

    def test_no_new_arrears_paid_exactly(self):
        self.assertEqual(rules(filing("project", payables=[self.payable("2023-01-01", D("0.3"), D("0.30"))])), [])
        self.assertEqual(rules(filing("project", payables=[self.payable("2023-01-01", D("0.3"), D("0.29"))])),
                         ["no-new-arrears"])
        self.assertEqual(rules(filing("project", payables=[self.payable("2023-01-01", 100, 150)])), [])

    def test_only_government_funding(self):
        for funding in ("ppp", "enterprise", "Government", "政府"):
            f = filing("project", funding=funding, completed=True, payables=[self.payable("2023-01-01")],
                       repayment_plan=[{"due_date": "2019-01-01", "amount": 1, "paid": 0}])
            self.assertEqual(rules(f), [], funding)

    def test_arrears_repayment_schedule(self):
        inst = lambda due, paid=0: {"due_date": due, "amount": 500, "paid": paid}  # noqa: E731
        self.assertEqual(rules(filing("project", repayment_plan=[inst("2024-03-01")])), [])
        self.assertEqual(verdicts(filing("project", repayment_plan=[inst("2024-02-29")])),
                         [("arrears-repayment-schedule", "major")])
        self.assertEqual(rules(filing("project", repayment_plan=[inst("2018-06-30")])),
                         ["arrears-repayment-schedule"])  # no cutoff for the old arrears
        self.assertEqual(rules(filing("project", repayment_plan=[inst("2018-06-30", 500)])), [])

    def test_public_works_audit(self):
        self.assertEqual(verdicts(filing("project", completed=True, audited=False)),
                         [("public-works-audit", "warning")])
        self.assertEqual(rules(filing("project", completed=True, audited=True)), [])
        self.assertEqual(rules(filing("project", completed=False, audited=False)), [])


class ProcurementRules(unittest.TestCase):
    # acceptance 2024-01-30 + 30 days = 2024-02-29 (a leap day)
    def test_not_accepted_nothing_due(self):
        self.assertEqual(rules(filing("procurement")), [])
        f = filing("procurement")
        del f["acceptance_date"]
        self.assertEqual(rules(f), [])

    def test_due_date_equal_to_report_date(self):
        f = filing("procurement", acceptance_date="2024-01-30", report_date="2024-02-29")
        self.assertEqual(rules(f), [])
        f["report_date"] = "2024-03-01"
        self.assertEqual(verdicts(f), [("procurement-payment-default", "critical")])

    def test_payment_on_due_date_counts_late_does_not(self):
        f = filing("procurement", acceptance_date="2024-01-30",
                   payments=[{"date": "2024-02-29", "amount": 100}])
        self.assertEqual(rules(f), [])
        f["payments"] = [{"date": "2024-03-01", "amount": 100}]
        self.assertEqual(rules(f), ["procurement-payment-default"])  # paid since, still a breach

    def test_exact_decimal_sum(self):
        f = filing("procurement", acceptance_date="2024-01-01", amount=D("0.3"),
                   payments=[{"date": "2024-01-02", "amount": D("0.1")}, {"date": "2024-01-03", "amount": D("0.2")}])
        self.assertEqual(rules(f), [])
        f["payments"][1]["amount"] = D("0.19")
        self.assertEqual(rules(f), ["procurement-payment-default"])

    def test_zero_terms_and_negative(self):
        f = filing("procurement", acceptance_date="2024-02-29", payment_terms_days=0, report_date="2024-02-29")
        self.assertEqual(rules(f), [])
        f["payment_terms_days"] = -1
        self.assertEqual(rules(f), ["procurement-payment-default"])

    def test_huge_terms_never_overflow(self):
        f = filing("procurement", acceptance_date="9999-12-31", payment_terms_days=10**20)
        self.assertEqual(rules(f), [])

    def test_transparency(self):
        self.assertEqual(verdicts(filing("procurement", published=False)), [("procurement-transparency", "major")])


class DebtRules(unittest.TestCase):
    def test_over_limit(self):
        self.assertEqual(rules(filing("debt", debt_balance=100, debt_limit=100)), [])
        self.assertEqual(rules(filing("debt", debt_balance=D("100.01"), debt_limit=100, fiscal_capacity=1000)),
                         ["debt-over-limit"])

    def test_illegal_borrowing(self):
        b = lambda inst, ok=True, use="capital": {"instrument": inst, "amount": 1, "approved": ok, "use": use}  # noqa
        self.assertEqual(rules(filing("debt", borrowings=[b("general_bond"), b("special_bond")])), [])
        for inst in ("bank_loan", "General_Bond", "城投债", ""):
            self.assertEqual(rules(filing("debt", borrowings=[b(inst)])), ["illegal-borrowing"], inst)
        self.assertEqual(verdicts(filing("debt", borrowings=[b("special_bond", False)])),
                         [("illegal-borrowing", "critical")])

    def test_bond_for_current_spending(self):
        b = lambda use: {"instrument": "general_bond", "amount": 1, "approved": True, "use": use}  # noqa
        self.assertEqual(verdicts(filing("debt", borrowings=[b("capital"), b("current")])),
                         [("bond-for-current-spending", "major")])
        self.assertEqual(rules(filing("debt", borrowings=[b("Current"), b("经常性支出")])), [])

    def test_ratio_boundaries(self):
        ratio = lambda bal: verdicts(filing("debt", debt_balance=bal, debt_limit=10**6, fiscal_capacity=1000))  # noqa
        self.assertEqual(ratio(1000), [])                                      # exactly 100%
        self.assertEqual(ratio(D("1000.01")), [("excessive-debt-ratio", "warning")])
        self.assertEqual(ratio(1200), [("excessive-debt-ratio", "warning")])   # exactly 120%
        self.assertEqual(ratio(D("1200.01")), [("excessive-debt-ratio", "major")])

    def test_ratio_exact_beyond_28_digits(self):
        f = filing("debt", debt_balance=D("1.2000000000000000000000000000000001"), fiscal_capacity=1, debt_limit=9)
        self.assertEqual(verdicts(f), [("excessive-debt-ratio", "major")])

    def test_ratio_params(self):
        f = filing("debt", debt_balance=1100, debt_limit=10**6, fiscal_capacity=1000)
        self.assertEqual(verdicts(f, debt_ratio_high="110%"), [("excessive-debt-ratio", "warning")])
        self.assertEqual(verdicts(f, debt_ratio_high="1.09"), [("excessive-debt-ratio", "major")])
        self.assertEqual(verdicts(f, debt_ratio_warning="110%"), [])
        self.assertEqual(verdicts(f, debt_ratio_warning="1.0999"), [("excessive-debt-ratio", "warning")])

    def test_risk_mechanisms(self):
        for missing in ("risk_assessment", "early_warning", "emergency_plan"):
            self.assertEqual(verdicts(filing("debt", **{missing: False})), [("debt-risk-mechanisms", "major")])

    def test_fiscal_capacity_must_be_positive(self):
        for cap in (0, D("0.00"), -1, D("-0.01")):
            e = error_of(filing("debt", fiscal_capacity=cap))
            self.assertEqual((e["field"], e["filing"], e["line"]), ("fiscal_capacity", "F-1", 1))
        self.assertEqual(rules(filing("debt", fiscal_capacity=D("0.01"), debt_balance=0)), [])


class PppRules(unittest.TestCase):
    def test_responsible_person(self):
        for contact in (None, "", "   ", "\t", "\u3000", " \u3000\n"):
            self.assertEqual(verdicts(filing("ppp", government_contact=contact)),
                             [("ppp-responsible-person", "major")], repr(contact))
        f = filing("ppp")
        del f["government_contact"]
        self.assertEqual(rules(f), ["ppp-responsible-person"])
        self.assertEqual(rules(filing("ppp", government_contact=" 李娜 ")), [])

    def test_contract_default(self):
        ob = lambda due, done=False: {"description": "可行性缺口补助", "due_date": due, "fulfilled": done}  # noqa
        self.assertEqual(rules(filing("ppp", obligations=[ob("2024-03-01")])), [])
        self.assertEqual(verdicts(filing("ppp", obligations=[ob("2024-02-29")])), [("ppp-contract-default", "critical")])
        self.assertEqual(rules(filing("ppp", obligations=[ob("2024-02-29", True)])), [])


class CommitmentRules(unittest.TestCase):
    def change(self, reason, procedure=True, compensated=True):
        return {"reason": reason, "lawful_procedure": procedure, "compensated": compensated}

    def test_unlawful_incentive(self):
        f = filing("commitment", terms=[{"description": "土地出让金返还", "lawful": False}])
        self.assertEqual(verdicts(f), [("unlawful-incentive", "critical")])
        f["terms"][0]["lawful"] = True
        self.assertEqual(rules(f), [])

    def test_breach_and_its_exception(self):
        self.assertEqual(rules(filing("commitment", fulfilled=False)), ["commitment-breach"])  # no change
        self.assertEqual(rules(filing("commitment", fulfilled=False, change=None)), ["commitment-breach"])
        for reason in ("national_interest", "public_interest", "statutory"):
            self.assertEqual(rules(filing("commitment", fulfilled=False, change=self.change(reason))), [], reason)
            self.assertEqual(rules(filing("commitment", fulfilled=False, change=self.change(reason, False))),
                             ["commitment-breach"])
            self.assertEqual(rules(filing("commitment", fulfilled=False, change=self.change(reason, True, False))),
                             ["commitment-breach"])
        for reason in ("government_turnover", "personnel_change", "policy_adjustment", "force_majeure", "Statutory"):
            self.assertEqual(verdicts(filing("commitment", fulfilled=False, change=self.change(reason))),
                             [("commitment-breach", "critical")], reason)

    def test_fulfilled_is_never_a_breach(self):
        self.assertEqual(rules(filing("commitment", fulfilled=True, change=self.change("government_turnover"))), [])


class StatisticsRules(unittest.TestCase):
    def test_tolerance_boundaries(self):
        s = lambda rep, ver: rules(filing("statistics", reported=rep, verified=ver))  # noqa
        self.assertEqual(s(105, 100), [])                          # exactly +5%
        self.assertEqual(s(95, 100), [])                           # exactly -5%
        self.assertEqual(s(D("105.01"), 100), ["data-falsification"])
        self.assertEqual(s(D("94.99"), 100), ["data-falsification"])
        self.assertEqual(s(D("-105"), -100), [])                   # |verified| for negatives
        self.assertEqual(s(D("-105.01"), -100), ["data-falsification"])
        self.assertEqual(s(D("0.315"), D("0.3")), [])              # 5% of 0.3 exactly
        self.assertEqual(s(D("0.31500001"), D("0.3")), ["data-falsification"])

    def test_verified_zero(self):
        self.assertEqual(rules(filing("statistics", reported=0, verified=0)), [])
        self.assertEqual(rules(filing("statistics", reported=D("0.00"), verified=D("0.0"))), [])
        self.assertEqual(rules(filing("statistics", reported=D("0.01"), verified=0)), ["data-falsification"])
        self.assertEqual(rules(filing("statistics", reported=D("-0.01"), verified=0)), ["data-falsification"])

    def test_verified_absent_or_null(self):
        self.assertEqual(rules(filing("statistics", reported=10**9, verified=None)), [])
        self.assertEqual(rules(filing("statistics", reported=10**9)), [])

    def test_tolerance_param(self):
        f = filing("statistics", reported=110, verified=100)
        self.assertEqual(rules(f), ["data-falsification"])
        self.assertEqual(rules(f, falsification_tolerance="10%"), [])
        self.assertEqual(rules(f, falsification_tolerance="0.0999"), ["data-falsification"])

    def test_instructed(self):
        self.assertEqual(verdicts(filing("statistics", instructed_falsification=True, reported=200, verified=100)),
                         [("data-falsification", "critical"), ("instructed-falsification", "critical")])


class DecisionRules(unittest.TestCase):
    def test_major_procedures(self):
        for p in BASE["decision"]["procedures"]:
            f = filing("decision")
            f["procedures"][p] = False
            self.assertEqual(verdicts(f), [("major-decision-procedure", "major")], p)
            f["major"] = False
            self.assertEqual(rules(f), [])

    def test_enterprise_consultation(self):
        for pc, pa in ((False, True), (True, False), (False, False)):
            self.assertEqual(rules(filing("decision", public_comment=pc, pre_assessment_report=pa)),
                             ["enterprise-policy-consultation"])
            self.assertEqual(rules(filing("decision", enterprise_related=False, public_comment=pc,
                                          pre_assessment_report=pa)), [])

    def test_change_procedure(self):
        self.assertEqual(verdicts(filing("decision", changed=True)), [("decision-change-procedure", "major")])
        self.assertEqual(rules(filing("decision", changed=True, change_procedure=True)), [])
        self.assertEqual(rules(filing("decision", changed=False, change_procedure=False)), [])


class ComplaintRules(unittest.TestCase):
    # received 2024-02-19 + 10 days = 2024-02-29
    def c(self, feedback, report="2024-03-10", **kw):
        f = filing("complaint", received_date="2024-02-19", report_date=report, feedback_date=feedback, **kw)
        if feedback == "absent":
            del f["feedback_date"]
        return rules(f)

    def test_feedback_on_and_after_deadline(self):
        self.assertEqual(self.c("2024-02-29"), [])
        self.assertEqual(self.c("2024-03-01"), ["complaint-feedback-overdue"])

    def test_no_feedback(self):
        self.assertEqual(self.c(None, report="2024-02-29"), [])   # deadline == report date: not overdue
        self.assertEqual(self.c("absent", report="2024-02-29"), [])
        self.assertEqual(self.c(None, report="2024-03-01"), ["complaint-feedback-overdue"])
        self.assertEqual(self.c("absent", report="2024-03-01"), ["complaint-feedback-overdue"])

    def test_feedback_after_deadline_even_if_after_report(self):
        self.assertEqual(self.c("2024-03-20", report="2024-02-20"), ["complaint-feedback-overdue"])

    def test_severity(self):
        f = filing("complaint", feedback_date="2024-02-12")
        self.assertEqual(verdicts(f), [("complaint-feedback-overdue", "warning")])


class Mitigation(unittest.TestCase):
    def test_remedied_marks_mitigated_keeps_severity(self):
        for remedied, expected in ((True, True), (False, False), (None, False), ("absent", False)):
            f = filing("debt", debt_balance=2000, debt_limit=1000, fiscal_capacity=1000, remedied=remedied)
            if remedied == "absent":
                del f["remedied"]
            r = run_files({"f.json": to_json(f)})
            self.assertEqual([(v["rule"], v["severity"], v["mitigated"]) for v in r["violations"]],
                             [("debt-over-limit", "critical", expected), ("excessive-debt-ratio", "major", expected)])


class ReadingFilings(unittest.TestCase):
    def test_kind_exact(self):
        for kind in ("Project", "PROJECT", " project", "loan", None, 1):
            f = filing("project", kind=kind)
            self.assertEqual(error_of(f)["field"], "kind", kind)
        f = filing("project")
        del f["kind"]
        self.assertEqual(error_of(f)["field"], "kind")

    def test_missing_and_null_required(self):
        for field in ("id", "region", "department", "report_date", "funding", "payables"):
            f = filing("project")
            del f[field]
            self.assertEqual(error_of(f)["field"], field)
            self.assertEqual(error_of(filing("project", **{field: None}))["field"], field)
        e = error_of(filing("project", id=None))
        self.assertIsNone(e["filing"])

    def test_wrong_types(self):
        cases = [("amount", "100"), ("amount", True), ("amount", None), ("published", "true"), ("published", 1),
                 ("payment_terms_days", D("30.0")), ("payment_terms_days", D("3E1")), ("payment_terms_days", True),
                 ("payment_terms_days", "30"), ("supplier", 123), ("payments", {}), ("acceptance_date", 20240101)]
        for field, value in cases:
            e = error_of(filing("procurement", **{field: value}))
            self.assertEqual((e["field"], e["filing"]), (field, "F-1"), (field, value))

    def test_int_and_money_accept_whole_numbers(self):
        self.assertEqual(rules(filing("procurement", amount=D("1E+2"), payment_terms_days=0)), [])
        self.assertEqual(rules(filing("debt", year=-0, debt_balance=D("50.00"))), [])

    def test_dates(self):
        for bad in ("2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-2-3", "2023/02/03",
                    "2023-02-03T00:00:00", "20230203", "0000-01-01", " 2023-02-03", "２０２３-02-03"):
            self.assertEqual(error_of(filing("complaint", report_date=bad))["field"], "report_date", bad)
        self.assertEqual(rules(filing("complaint", report_date="2024-02-29")), [])

    def test_list_elements_validated(self):
        f = filing("project", payables=[{"item": "土建工程款", "due_date": "2024-01-01", "amount": 1, "paid": 1},
                                        {"item": "设备采购款", "due_date": "2024-01-01", "amount": "1", "paid": 0}])
        self.assertEqual(error_of(f)["field"], "payables[1].amount")
        self.assertEqual(error_of(filing("project", payables=[5]))["field"], "payables[0]")
        f = filing("decision")
        del f["procedures"]["expert_review"]
        self.assertEqual(error_of(f)["field"], "procedures.expert_review")
        self.assertEqual(error_of(filing("commitment", change={"reason": "statutory"}))["field"],
                         "change.lawful_procedure")

    def test_unknown_fields_ignored_and_optional_null(self):
        f = filing("ppp", note="备注", extra={"x": [1, "y"]}, remedied=None)
        f["obligations"] = [{"description": "按期支付", "due_date": "2030-01-01", "fulfilled": False, "memo": 1}]
        self.assertEqual(rules(f), [])

    def test_optional_wrong_type_is_invalid(self):
        self.assertEqual(error_of(filing("ppp", remedied="yes"))["field"], "remedied")
        self.assertEqual(error_of(filing("ppp", government_contact=0))["field"], "government_contact")
        self.assertEqual(error_of(filing("statistics", verified="100"))["field"], "verified")

    def test_non_object_filing(self):
        e = error_of('[1, 2]')
        self.assertEqual((e["filing"], e["line"]), (None, 1))


class ReadingFiles(unittest.TestCase):
    good = to_json(filing("complaint", feedback_date=None))  # overdue: one warning each

    def test_jsonl_lines_blank_crlf_bom_bad_lines(self):
        data = ("\ufeff" + self.good + "\r\n\r\n  \n{bad json\n" + self.good + "\n").encode() \
            + b'{"kind": "\xff"}\n' + to_json(filing("complaint", id=None)).encode() + b"\n\n"
        r = run_files({"a.jsonl": data})
        self.assertEqual(r["filings_checked"], 2)
        self.assertEqual([v["line"] for v in r["violations"]], [1, 5])
        self.assertEqual([(e["line"], e["filing"]) for e in r["errors"]], [(4, None), (6, None), (7, None)])
        self.assertIn("UTF-8", r["errors"][1]["message"])

    def test_jsonl_line_must_be_object(self):
        r = run_files({"a.jsonl": "[" + self.good + "]\n"})
        self.assertEqual((r["filings_checked"], len(r["errors"])), (0, 1))

    def test_json_array_lines(self):
        text = "\ufeff[\r\n  " + self.good + ",\r\n\r\n  " + self.good + ", " + self.good + "\r\n]\r\n"
        r = run_files({"a.json": text})
        self.assertEqual(r["filings_checked"], 3)
        self.assertEqual([v["line"] for v in r["violations"]], [2, 4, 4])

    def test_json_single_object_line(self):
        r = run_files({"a.json": "\n\n  " + self.good})
        self.assertEqual([v["line"] for v in r["violations"]], [3])

    def test_json_pretty_object_line_is_opening_brace(self):
        pretty = json.dumps([json.loads(self.good)] * 2, indent=2)
        r = run_files({"a.json": pretty})
        starts = [i + 1 for i, ln in enumerate(pretty.splitlines()) if ln == "  {"]
        self.assertEqual([v["line"] for v in r["violations"]], starts)

    def test_json_syntax_error_voids_file(self):
        for text in ("[" + self.good + ",\n" + self.good + ",]", "[" + self.good + "\n{", "", "  \n",
                     '{"a": NaN}', "[" + self.good + "] x"):
            r = run_files({"a.json": text})
            self.assertEqual((r["filings_checked"], len(r["violations"]), len(r["errors"])), (0, 0, 1), text)
        self.assertEqual(run_files({"a.json": "[" + self.good + ",\n\n{,]"})["errors"][0]["line"], 3)

    def test_json_empty_array_and_non_object_element(self):
        self.assertEqual(run_files({"a.json": " [ ] "}), {"filings_checked": 0, "violations": [], "errors": []})
        r = run_files({"a.json": "[" + self.good + ",\n 7, null]"})
        self.assertEqual((r["filings_checked"], [e["line"] for e in r["errors"]]), (1, [2, 2]))

    def test_json_invalid_utf8_voids_file(self):
        r = run_files({"a.json": b"[" + self.good.encode() + b',\n{"id": "\xc3\x28"}]'})
        self.assertEqual((r["filings_checked"], r["errors"][0]["line"]), (0, 2))

    def test_exact_decimal_reading(self):
        text = ('{"kind":"procurement","id":"X","region":"r","department":"d","report_date":"2024-03-01",'
                '"buyer":"b","supplier":"s","supplier_is_sme":true,"amount":0.3,"method":"m","published":true,'
                '"acceptance_date":"2024-01-01","payment_terms_days":10,'
                '"payments":[{"date":"2024-01-02","amount":0.1},{"date":"2024-01-03","amount":0.2}]}')
        self.assertEqual(run_files({"a.json": text})["violations"], [])
        self.assertEqual(len(run_files({"a.json": text.replace("0.2}", "0.2000000000000001}")})["violations"]), 0)
        self.assertEqual(len(run_files({"a.json": text.replace("0.2}", "0.1999999999999999}")})["violations"]), 1)

    def test_ordering_and_duplicate_ids(self):
        f = to_json(filing("debt", debt_balance=2000, debt_limit=10, fiscal_capacity=1000, early_warning=False))
        r = run_files({"b/z.jsonl": f + "\n" + f + "\n", "a.json": "[" + f + "]", "b.json": f})
        got = [(v["file"], v["line"], v["rule"], v["filing"]) for v in r["violations"]]
        rules3 = ["debt-over-limit", "debt-risk-mechanisms", "excessive-debt-ratio"]
        self.assertEqual(got, [("a.json", 1, x, "F-1") for x in rules3] + [("b.json", 1, x, "F-1") for x in rules3]
                         + [(os.path.join("b", "z.jsonl"), n, x, "F-1") for n in (1, 2) for x in rules3])
        self.assertEqual(r["filings_checked"], 4)

    def test_other_extensions_ignored_in_directories(self):
        r = run_files({"a.txt": "junk", "b.JSON5": "junk", "c.json": self.good})
        self.assertEqual((r["filings_checked"], r["errors"]), (1, []))


@unittest.skipIf(rc.yaml is None, "PyYAML is not installed")
class ReadingYaml(unittest.TestCase):
    doc = ("kind: complaint\nid: Y-{n}\nregion: 大连市金州区\ndepartment: 区营商环境建设局\n"
           "report_date: {date}\nreceived_date: '2024-02-01'\ntime_limit_days: 10\nfeedback_date: null\n")

    def test_unquoted_dates_multi_doc_and_lines(self):
        text = "\ufeff---\r\n" + self.doc.format(n=1, date="2024-03-01").replace("\n", "\r\n") + "---\n" \
            + self.doc.format(n=2, date="'2024-03-01'") + "...\n---\n# empty document\n"
        r = run_files({"a.yaml": text})
        self.assertEqual(r["errors"], [])
        self.assertEqual([(v["filing"], v["line"]) for v in r["violations"]], [("Y-1", 2), ("Y-2", 11)])

    def test_sequence_lines(self):
        items = "".join("- " + self.doc.format(n=n, date="2024-03-01").replace("\n", "\n  ").rstrip() + "\n"
                        for n in (1, 2))
        r = run_files({"a.yml": "# header\n" + items})
        self.assertEqual([v["line"] for v in r["violations"]], [2, 10])

    def test_bad_unquoted_date_is_a_filing_error(self):
        r = run_files({"a.yaml": self.doc.format(n=1, date="2023-02-30")})
        self.assertEqual([(e["field"], e["filing"], e["line"]) for e in r["errors"]], [("report_date", "Y-1", 1)])

    def test_syntax_error_voids_file(self):
        r = run_files({"a.yaml": self.doc.format(n=1, date="2024-03-01") + "---\nkind: [unclosed\n"})
        self.assertEqual((r["filings_checked"], len(r["errors"]), r["errors"][0]["filing"]), (0, 1, None))

    def test_invalid_utf8_voids_file(self):
        r = run_files({"a.yaml": self.doc.format(n=1, date="2024-03-01").encode() + b"x: \xe4\xb8\n"})
        self.assertEqual((r["filings_checked"], r["errors"][0]["line"]), (0, 9))

    def test_exact_decimals_and_types(self):
        base = ("kind: procurement\nid: P\nregion: r\ndepartment: d\nreport_date: 2024-03-01\nbuyer: b\n"
                "supplier: s\nsupplier_is_sme: true\nmethod: m\npublished: true\nacceptance_date: 2024-01-01\n"
                "payment_terms_days: {terms}\namount: 0.3\npayments:\n  - {{date: 2024-01-02, amount: 0.1}}\n"
                "  - {{date: 2024-01-03, amount: 0.2}}\n")
        r = run_files({"a.yaml": base.format(terms=10)})
        self.assertEqual((r["filings_checked"], r["violations"], r["errors"]), (1, [], []))
        self.assertEqual(run_files({"a.yaml": base.format(terms="10.0")})["errors"][0]["field"], "payment_terms_days")
        self.assertEqual(run_files({"a.yaml": base.format(terms="'10'")})["errors"][0]["field"], "payment_terms_days")


@unittest.skipIf(rc.yaml is None, "PyYAML is not installed")
class Examples(unittest.TestCase):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    def test_expected_violations_are_current(self):
        p = subprocess.run([sys.executable, SCRIPT, "examples/filings"], capture_output=True, text=True, cwd=self.root)
        with open(os.path.join(self.root, "examples", "expected-violations.json"), encoding="utf-8") as fh:
            expected = json.load(fh)
        out = json.loads(p.stdout)
        self.assertEqual(out, expected)
        self.assertEqual(out["errors"], [])
        verdicts = {(v["rule"], v["severity"]) for v in out["violations"]}
        self.assertEqual(len(verdicts), 21)
        self.assertTrue(any(v["mitigated"] for v in out["violations"]))


class GeneratedCorpus(unittest.TestCase):
    """Scripts/gen_corpus.py: deterministic, the same filings in every format, all verdicts reachable."""
    GEN = os.path.join(os.path.dirname(SCRIPT), "gen_corpus.py")

    def generate(self, *args):
        p = subprocess.run([sys.executable, self.GEN, *args], capture_output=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def test_deterministic_and_format_independent(self):
        formats = ("jsonl", "json", "yaml") if rc.yaml is not None else ("jsonl", "json")
        files = {f"c.{fmt}": self.generate("--seed", "11", "--count", "1500", "--format", fmt) for fmt in formats}
        self.assertEqual(files["c.jsonl"], self.generate("--seed", "11", "--count", "1500", "--format", "jsonl"))
        self.assertNotEqual(files["c.jsonl"], self.generate("--seed", "12", "--count", "1500", "--format", "jsonl"))
        r = run_files(files)
        self.assertEqual((r["filings_checked"], r["errors"]), (1500 * len(formats), []))
        by_format = {}
        for v in r["violations"]:
            by_format.setdefault(v["file"], []).append((v["filing"], v["rule"], v["severity"], v["mitigated"]))
        self.assertEqual(len({tuple(v) for v in by_format.values()}), 1)
        verdicts = by_format["c.jsonl"]
        self.assertEqual(len({(rule, sev) for _, rule, sev, _ in verdicts}), 21)
        self.assertTrue(0.25 < len({f for f, *_ in verdicts}) / 1500 < 0.45)

    def test_invalid_rate(self):
        data = self.generate("--seed", "3", "--count", "2000", "--format", "jsonl", "--invalid-rate", "0.2")
        r = run_files({"c.jsonl": data})
        self.assertEqual(r["filings_checked"] + len(r["errors"]), 2000)
        self.assertTrue(300 < len(r["errors"]) < 500)
        self.assertTrue(any(e["message"].startswith("malformed") for e in r["errors"]))
        self.assertTrue(any(e["field"] == "fiscal_capacity" for e in r["errors"]))


class CommandLine(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)

    def test_params_and_output(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "f.jsonl")
            with open(path, "w") as fh:
                fh.write(to_json(filing("debt", debt_balance=1100, fiscal_capacity=1000, debt_limit=10**6)) + "\n")
            for args, severity in (((), "warning"), (("--param", "debt_ratio_high=109.99%"), "major"),
                                   (("--param=debt_ratio_high=1.0999",), "major")):
                p = self.run_cli(path, *args)
                self.assertEqual(p.returncode, 0, p.stderr)
                out = json.loads(p.stdout)
                self.assertEqual(out["violations"], [{"rule": "excessive-debt-ratio", "filing": "F-1",
                                                      "severity": severity, "mitigated": False,
                                                      "file": path, "line": 1}])
            for bad in (("--param", "nope=1"), ("--param", "debt_ratio_high=abc"),
                        ("--param", "arrears_cutoff=2019-02-30"), ("--param", "arrears_cutoff=20191212"), ()):
                self.assertEqual(self.run_cli(*((path,) if bad else ()), *bad).returncode, 2, bad)
            self.assertEqual(self.run_cli(os.path.join(d, "missing.json")).returncode, 2)


if __name__ == "__main__":
    unittest.main()
