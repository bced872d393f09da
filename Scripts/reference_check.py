#!/usr/bin/env python3
"""Reference checker: a deliberately plain Python reading of domain.md.

It is a test oracle for the Swift checker (differential testing), not a
product: every rule and every filing-reading rule of domain.md is written
out as directly as possible, with exact decimals and calendar dates.

    python3 Scripts/reference_check.py PATH... [--param name=value]

PATHs are files or directories (walked recursively for .json .jsonl .yaml
.yml; all files sorted by path). Params: arrears_cutoff (date, 2019-12-12),
debt_ratio_high (120%), debt_ratio_warning (100%), falsification_tolerance
(5%); a ratio may be written `120%` or `1.2`. Prints one JSON object:
{"filings_checked", "violations": [{rule, filing, severity, mitigated, file,
line}], "errors": [{file, line, filing, field, message}]}, ordered by file,
position in file, rule id. Exit status 0, or 2 on a usage error.

Choices where domain.md is open (see also examples/README.md):
- int: a JSON number written with a fraction or exponent (`5.0`, `1e2`) is not
  an int; `true`/`false` are never numbers. money accepts any finite number.
- Duplicate filing ids are not errors (domain.md says ids are unique within a
  corpus; that is the filer's promise, not something we check): both are checked.
- A duplicated key inside one JSON object or YAML mapping: the last one wins.
- Whole-file errors (syntax, invalid UTF-8) report the line where the problem
  was found (line 1 for an empty file); they carry filing null.
- A .json file holding a non-object, or an array element / YAML item that is
  not an object, is an error at that value's line with filing null.
- YAML: PyYAML's YAML 1.1 resolution (as Yams' default resolver): so
  `yes`/`no`/`on`/`off` are booleans too; unquoted timestamps are kept as their
  text (then read as a date); floats are read exactly as decimals; an empty
  document (or an empty file) holds no filings.
- "whitespace" for ppp contacts is the Unicode White_Space set (incl. U+3000).
- Dates are compared as day numbers, so `date + days` never overflows.
"""
import argparse, datetime, decimal, json, os, re, sys
from decimal import Decimal

try:
    import yaml
except ImportError:  # CI machines may lack PyYAML: YAML files are then skipped
    yaml = None

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)  # a huge JSON int must not crash the reader
# Exact decimal arithmetic: enough digits that sums and differences never round.
decimal.getcontext().prec = decimal.MAX_PREC
decimal.getcontext().Emax, decimal.getcontext().Emin = decimal.MAX_EMAX, decimal.MIN_EMIN

EXTENSIONS = (".json", ".jsonl", ".yaml", ".yml")
BOM = b"\xef\xbb\xbf"
UNICODE_WHITESPACE = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                      "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
DEFAULT_PARAMS = {"arrears_cutoff": datetime.date(2019, 12, 12), "debt_ratio_high": Decimal("1.2"),
                  "debt_ratio_warning": Decimal("1"), "falsification_tolerance": Decimal("0.05")}

# ---------------------------------------------------------------- schemas
TEXT, DATE, MONEY, INT, BOOL = "text", "date", "money", "int", "bool"
NUMBER = MONEY  # statistics' reported/verified: any JSON number, read exactly
def OPT(t): return ("optional", t)
def LIST(fields): return ("list", fields)
def OBJ(fields): return ("object", fields)

COMMON = {"kind": TEXT, "id": TEXT, "region": TEXT, "department": TEXT,
          "report_date": DATE, "remedied": OPT(BOOL)}
KINDS = {
    "project": {"funding": TEXT, "completed": BOOL, "audited": BOOL,
                "payables": LIST({"item": TEXT, "due_date": DATE, "amount": MONEY, "paid": MONEY}),
                "repayment_plan": LIST({"due_date": DATE, "amount": MONEY, "paid": MONEY})},
    "procurement": {"buyer": TEXT, "supplier": TEXT, "supplier_is_sme": BOOL, "amount": MONEY,
                    "method": TEXT, "published": BOOL, "acceptance_date": OPT(DATE),
                    "payment_terms_days": INT, "payments": LIST({"date": DATE, "amount": MONEY})},
    "debt": {"year": INT, "debt_balance": MONEY, "debt_limit": MONEY, "fiscal_capacity": MONEY,
             "borrowings": LIST({"instrument": TEXT, "amount": MONEY, "approved": BOOL, "use": TEXT}),
             "risk_assessment": BOOL, "early_warning": BOOL, "emergency_plan": BOOL},
    "ppp": {"government_contact": OPT(TEXT),
            "obligations": LIST({"description": TEXT, "due_date": DATE, "fulfilled": BOOL})},
    "commitment": {"investor": TEXT, "terms": LIST({"description": TEXT, "lawful": BOOL}),
                   "fulfilled": BOOL,
                   "change": OPT(OBJ({"reason": TEXT, "lawful_procedure": BOOL, "compensated": BOOL}))},
    "statistics": {"indicator": TEXT, "period": TEXT, "reported": NUMBER, "verified": OPT(NUMBER),
                   "instructed_falsification": BOOL},
    "decision": {"title": TEXT, "major": BOOL, "enterprise_related": BOOL,
                 "procedures": OBJ({"public_participation": BOOL, "expert_review": BOOL,
                                    "risk_assessment": BOOL, "legality_review": BOOL,
                                    "collective_discussion": BOOL}),
                 "public_comment": BOOL, "pre_assessment_report": BOOL, "changed": BOOL,
                 "change_procedure": BOOL},
    "complaint": {"received_date": DATE, "time_limit_days": INT, "feedback_date": OPT(DATE)},
}


class Invalid(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def read_value(value, typ, field):
    """Check one value against its type; return it converted (Decimal, date, ...)."""
    if isinstance(typ, tuple) and typ[0] == "optional":
        return None if value is None else read_value(value, typ[1], field)
    if value is None:
        raise Invalid(field, f"`{field}` is missing or null")
    if isinstance(typ, tuple):  # list of objects, or one object
        if typ[0] == "list":
            if not isinstance(value, list):
                raise Invalid(field, f"`{field}` must be a list")
            return [read_object(v, typ[1], f"{field}[{i}]") for i, v in enumerate(value)]
        return read_object(value, typ[1], field)
    if typ == TEXT and isinstance(value, str):
        return value
    if typ == BOOL and isinstance(value, bool):
        return value
    if typ == INT and isinstance(value, int) and not isinstance(value, bool):
        return value  # JSON 5.0 / 1e2 arrive as Decimal: not an int
    if typ == MONEY and not isinstance(value, bool):
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal) and value.is_finite():
            return value
    if typ == DATE and isinstance(value, str):
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            try:
                return datetime.date(int(value[:4]), int(value[5:7]), int(value[8:]))
            except ValueError:
                pass  # e.g. 2023-02-30, 2023-13-01, 0000-01-01
        raise Invalid(field, f"`{field}` is not a valid YYYY-MM-DD date: {value!r}")
    found = {bool: "bool", int: "int", Decimal: "number", str: "text", list: "list", dict: "object"}
    raise Invalid(field, f"`{field}` must be {typ}, found {found.get(type(value), type(value).__name__)}")


def read_object(value, fields, prefix):
    if not isinstance(value, dict):
        raise Invalid(prefix or None, f"`{prefix}` must be an object" if prefix else "a filing must be an object")
    out = {}
    for name, typ in fields.items():  # unknown extra fields are ignored
        out[name] = read_value(value.get(name), typ, f"{prefix}.{name}" if prefix else name)
    return out


def read_filing(value):
    """Validate a raw filing; return the converted filing or raise Invalid."""
    if not isinstance(value, dict):
        raise Invalid(None, "a filing must be an object")
    kind = value.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:  # exact, case-sensitive
        raise Invalid("kind", f"`kind` must be one of {', '.join(KINDS)}, found {kind!r}")
    filing = read_object(value, {**COMMON, **KINDS[kind]}, "")
    if kind == "debt" and filing["fiscal_capacity"] <= 0:
        raise Invalid("fiscal_capacity", "`fiscal_capacity` must be greater than 0")
    return filing


# ---------------------------------------------------------------- rules
LAWFUL_REASONS = {"national_interest", "public_interest", "statutory"}


def overdue(due_day, filing):
    """Overdue: the due date (a day number) is strictly before report_date."""
    return due_day < filing["report_date"].toordinal()


def day(d):
    return d.toordinal()


def check(f, p):
    """Return the sorted (rule id, severity) verdicts for one valid filing."""
    out, k = [], f["kind"]
    if k == "project" and f["funding"] == "government":  # the three rules are government-only
        if any(day(x["due_date"]) >= day(p["arrears_cutoff"]) and overdue(day(x["due_date"]), f)
               and x["paid"] < x["amount"] for x in f["payables"]):
            out.append(("no-new-arrears", "critical"))
        if any(overdue(day(x["due_date"]), f) and x["paid"] < x["amount"] for x in f["repayment_plan"]):
            out.append(("arrears-repayment-schedule", "major"))  # no cutoff: the old arrears
        if f["completed"] and not f["audited"]:
            out.append(("public-works-audit", "warning"))
    elif k == "procurement":
        if f["acceptance_date"] is not None:  # not yet accepted: nothing is due
            due = day(f["acceptance_date"]) + f["payment_terms_days"]
            paid_by_due = sum((x["amount"] for x in f["payments"] if day(x["date"]) <= due), Decimal(0))
            if overdue(due, f) and paid_by_due < f["amount"]:  # late payment stays a breach
                out.append(("procurement-payment-default", "critical"))
        if not f["published"]:
            out.append(("procurement-transparency", "major"))
    elif k == "debt":
        if f["debt_balance"] > f["debt_limit"]:
            out.append(("debt-over-limit", "critical"))
        if any(x["instrument"] not in ("general_bond", "special_bond") or not x["approved"]
               for x in f["borrowings"]):
            out.append(("illegal-borrowing", "critical"))
        if any(x["use"] == "current" for x in f["borrowings"]):
            out.append(("bond-for-current-spending", "major"))
        # ratio = balance / capacity, compared without dividing (capacity > 0): exact.
        balance, capacity = f["debt_balance"], f["fiscal_capacity"]
        if balance > p["debt_ratio_high"] * capacity:
            out.append(("excessive-debt-ratio", "major"))
        elif balance > p["debt_ratio_warning"] * capacity:  # and ratio <= high
            out.append(("excessive-debt-ratio", "warning"))
        if not (f["risk_assessment"] and f["early_warning"] and f["emergency_plan"]):
            out.append(("debt-risk-mechanisms", "major"))
    elif k == "ppp":
        contact = f["government_contact"]
        if contact is None or contact.strip(UNICODE_WHITESPACE) == "":
            out.append(("ppp-responsible-person", "major"))
        if any(overdue(day(x["due_date"]), f) and not x["fulfilled"] for x in f["obligations"]):
            out.append(("ppp-contract-default", "critical"))
    elif k == "commitment":
        if any(not x["lawful"] for x in f["terms"]):
            out.append(("unlawful-incentive", "critical"))
        c = f["change"]
        excused = (c is not None and c["reason"] in LAWFUL_REASONS
                   and c["lawful_procedure"] and c["compensated"])
        if not f["fulfilled"] and not excused:  # an unknown reason excuses nothing
            out.append(("commitment-breach", "critical"))
    elif k == "statistics":
        r, v = f["reported"], f["verified"]
        # verified == 0: any nonzero report deviates by more than 5% of 0.
        if v is not None and abs(r - v) > p["falsification_tolerance"] * abs(v):
            out.append(("data-falsification", "critical"))
        if f["instructed_falsification"]:
            out.append(("instructed-falsification", "critical"))
    elif k == "decision":
        if f["major"] and not all(f["procedures"].values()):
            out.append(("major-decision-procedure", "major"))
        if f["enterprise_related"] and not (f["public_comment"] and f["pre_assessment_report"]):
            out.append(("enterprise-policy-consultation", "major"))
        if f["changed"] and not f["change_procedure"]:
            out.append(("decision-change-procedure", "major"))
    elif k == "complaint":
        deadline = day(f["received_date"]) + f["time_limit_days"]
        fb = f["feedback_date"]
        if (fb is not None and day(fb) > deadline) or (fb is None and overdue(deadline, f)):
            out.append(("complaint-feedback-overdue", "warning"))
    return sorted(out)


# ---------------------------------------------------------------- reading files
def _reject_constant(name):
    raise ValueError(f"`{name}` is not JSON")


# JSON ints stay Python ints; numbers with a fraction or exponent become Decimal.
DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_reject_constant)
JSON_WS = re.compile(r"[ \t\n\r]*")


def _decode_utf8(data):
    """Strip a BOM and decode strictly; return (text, None) or (None, bad line)."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return None, data[:e.start].count(b"\n") + 1


def read_jsonl(lines):
    """Yield (line, value) or (line, Invalid) per non-blank line (lines: bytes, LF-split)."""
    for n, raw in enumerate(lines, 1):
        raw = raw[len(BOM):] if n == 1 and raw.startswith(BOM) else raw
        raw = raw[:-1] if raw.endswith(b"\n") else raw
        raw = raw[:-1] if raw.endswith(b"\r") else raw
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield n, Invalid(None, "invalid UTF-8")
            continue
        if text.strip(" \t\r") == "":
            continue  # blank lines are skipped
        try:
            yield n, DECODER.decode(text)
        except (ValueError, RecursionError) as e:
            yield n, Invalid(None, f"malformed JSON line: {e}")


def read_json(data):
    text, bad_line = _decode_utf8(data)
    if text is None:
        yield bad_line, Invalid(None, "invalid UTF-8")
        return
    if text.strip(" \t\r\n") == "":
        yield 1, Invalid(None, "empty .json file")
        return
    try:
        top = DECODER.decode(text)  # the whole file must parse, else it is one error
    except (ValueError, RecursionError) as e:
        yield getattr(e, "lineno", 1), Invalid(None, f"JSON syntax error: {e}")
        return
    i = JSON_WS.match(text).end()
    if not isinstance(top, list):
        yield text.count("\n", 0, i) + 1, top
        return
    # An array: find where each element starts (its opening `{`) for its line.
    i, line, last = JSON_WS.match(text, i + 1).end(), 1, 0
    while text[i] != "]":
        line, last = line + text.count("\n", last, i), i
        value, i = DECODER.raw_decode(text, i)
        yield line, value
        i = JSON_WS.match(text, i).end()
        if text[i] == ",":
            i = JSON_WS.match(text, i + 1).end()


if yaml is not None:
    class Loader(yaml.SafeLoader):
        """SafeLoader, except floats are exact decimals and timestamps stay text."""

    def _yaml_decimal(loader, node):
        try:
            return Decimal(loader.construct_scalar(node).replace("_", ""))
        except decimal.InvalidOperation:  # .inf, .nan, 1:30.5 (sexagesimal)
            return Decimal(repr(yaml.SafeLoader.construct_yaml_float(loader, node)))

    Loader.add_constructor("tag:yaml.org,2002:float", _yaml_decimal)
    # An unquoted 2023-05-01 means the same as "2023-05-01" (so 2023-02-30 is a bad date, not a crash).
    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def read_yaml(data):
    text, bad_line = _decode_utf8(data)
    if text is None:
        return [(bad_line, Invalid(None, "invalid UTF-8"))]
    loader, items = Loader(text), []
    try:  # compose every document first: a syntax error anywhere voids the file
        docs = []
        while loader.check_node():
            docs.append(loader.get_node())
        for doc in docs:
            nodes = doc.value if isinstance(doc, yaml.SequenceNode) else [doc]
            for node in nodes:
                value = loader.construct_document(node)
                if value is None and node is doc:
                    continue  # an empty document holds no filings
                items.append((node.start_mark.line + 1, value))
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else text.count("\n", 0, getattr(e, "position", 0)) + 1
        return [(line, Invalid(None, f"YAML error: {str(e).splitlines()[0]}"))]
    finally:
        loader.dispose()
    return items


# ---------------------------------------------------------------- driver
def collect_files(paths):
    files = set()
    for path in paths:
        if os.path.isdir(path):
            for root, _dirs, names in os.walk(path):
                files.update(os.path.join(root, n) for n in names if n.endswith(EXTENSIONS))
        else:
            files.add(path)
    return sorted(files)  # code-point order of the path text


def check_paths(paths, params=None):
    params = {**DEFAULT_PARAMS, **(params or {})}
    result = {"filings_checked": 0, "violations": [], "errors": []}
    skipped = []
    for path in collect_files(paths):
        fh = open(path, "rb")
        if path.endswith(".jsonl"):
            entries = read_jsonl(fh)  # streamed: binary file iteration splits on LF only
        elif path.endswith(".json"):
            entries = read_json(fh.read())
        elif path.endswith((".yaml", ".yml")) and yaml is not None:
            entries = read_yaml(fh.read())
        elif path.endswith((".yaml", ".yml")):
            print(f"reference_check: skipping {path}: PyYAML is not installed", file=sys.stderr)
            skipped.append(path)
            entries = []
        else:
            entries = [(1, Invalid(None, "unsupported file extension"))]
        with fh:
            result_entries(path, entries, params, result)
    if skipped:
        result["skipped"] = skipped
    return result


def result_entries(path, entries, params, result):
    """Validate and check each (line, raw value) read from one file."""
    for line, value in entries:
        error = value if isinstance(value, Invalid) else None
        raw_id = value.get("id") if isinstance(value, dict) else None
        if error is None:
            try:
                filing = read_filing(value)
            except Invalid as e:
                error = e
        if error is not None:  # an invalid filing gives an error and no violations
            result["errors"].append({"file": path, "line": line,
                                     "filing": raw_id if isinstance(raw_id, str) else None,
                                     "field": error.field, "message": error.message})
            continue
        result["filings_checked"] += 1
        for rule, severity in check(filing, params):
            result["violations"].append({"rule": rule, "filing": filing["id"], "severity": severity,
                                         "mitigated": filing["remedied"] is True,
                                         "file": path, "line": line})


def parse_param(text):
    name, sep, value = text.partition("=")
    if not sep or name not in DEFAULT_PARAMS:
        raise ValueError(f"unknown parameter `{name}` (known: {', '.join(DEFAULT_PARAMS)})")
    if name == "arrears_cutoff":
        try:
            return name, read_value(value, DATE, name)  # strict YYYY-MM-DD, as in filings
        except Invalid as e:
            raise ValueError(e.message)
    number = Decimal(value[:-1]) / 100 if value.endswith("%") else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"`{name}` must be a finite number")
    return name, number


def main(argv=None):
    ap = argparse.ArgumentParser(description="Reference checker for domain.md (test oracle).")
    ap.add_argument("paths", nargs="+", metavar="PATH")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args(argv)
    try:
        params = dict(parse_param(p) for p in args.param)
    except (ValueError, decimal.InvalidOperation) as e:
        ap.error(f"bad --param: {e}")
    for path in args.paths:
        if not os.path.exists(path):
            ap.error(f"no such file or directory: {path}")
    out = json.dumps(check_paths(args.paths, params), ensure_ascii=False, indent=2)
    sys.stdout.buffer.write(out.encode("utf-8", "backslashreplace") + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
