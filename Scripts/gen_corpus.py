#!/usr/bin/env python3
"""Deterministic generator of realistic filings (all eight kinds of domain.md).

    python3 Scripts/gen_corpus.py --seed 1 --count 1000 --format jsonl|json|yaml \
        [--out FILE] [--invalid-rate R]

Same arguments, same bytes: one random.Random(seed) drives everything (no time,
no hash randomisation), and the same seed gives the same filings in every
format (only the syntax differs; a malformed JSONL line becomes a wrong type in
the other formats). Output is streamed, so millions of filings are fine.

About a third of the filings violate some rule; edge cases are sprinkled in on
purpose: debt ratios of exactly 100% and 120%, deviations of exactly 5%, due
dates equal to report_date, payments on the due date, leap days, 0.1 + 0.2 paid
against 0.3, arrears due the day before the 2019-12-12 cutoff, remedied: true,
optional fields absent vs null, whitespace-only ppp contacts, all six change
reasons (and an unknown one). Money is held in integer fen and written exactly
as a JSON number with at most two decimals (never through a float).
--invalid-rate R replaces a fraction R of filings by invalid ones: a missing
field, a wrong type, a bad date, an unknown kind, fiscal_capacity <= 0, or (in
JSONL) a malformed line. The reference checker is the judge of what each
generated filing violates: `Scripts/reference_check.py`.
"""
import argparse, datetime, re, sys
from json.encoder import encode_basestring  # C-accelerated string escaping (ensure_ascii=False)
from random import Random

CITIES = ["沈阳市", "大连市", "鞍山市", "抚顺市", "本溪市", "丹东市", "锦州市", "营口市", "阜新市",
          "辽阳市", "盘锦市", "铁岭市", "朝阳市", "葫芦岛市"]
DISTRICTS = ["沈阳市和平区", "沈阳市浑南区", "沈阳市铁西区", "大连市金州区", "大连市甘井子区", "大连市中山区",
             "鞍山市铁东区", "抚顺市新抚区", "丹东市振兴区", "营口市鲅鱼圈区", "锦州市太和区", "朝阳市双塔区",
             "葫芦岛市龙港区", "盘锦市兴隆台区"]
DEPARTMENTS = {
    "project": ["住房城乡建设局", "交通运输局", "发展改革委", "水务局", "教育局"],
    "procurement": ["财政局", "卫生健康委", "教育局", "公安局", "交通运输局"],
    "debt": ["财政局"], "ppp": ["财政局", "住房城乡建设局", "发展改革委"],
    "commitment": ["商务局", "发展改革委", "工业和信息化局"], "statistics": ["统计局"],
    "decision": ["人民政府", "发展改革委", "市场监督管理局", "住房城乡建设局"],
    "complaint": ["营商环境建设局", "政务服务中心"],
}
PREFIX = {"project": "PRJ", "procurement": "CG", "debt": "ZW", "ppp": "PPP", "commitment": "CN",
          "statistics": "TJ", "decision": "JC", "complaint": "TS"}
KINDS = list(PREFIX)
ITEMS = ["土建工程款", "设备采购款", "安装工程款", "设计费", "监理费", "材料款", "质量保证金", "征地拆迁补偿款"]
SUPPLIERS = ["沈阳某建筑工程有限公司", "大连某信息技术有限公司", "鞍山某钢结构有限公司", "辽宁某医疗器械有限公司",
             "营口某环保科技有限公司", "锦州某电子设备有限公司", "丹东某物业服务有限公司", "辽宁某路桥建设集团有限公司"]
METHODS = ["公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "单一来源采购", "询价", "框架协议采购"]
INVESTORS = ["某新能源汽车有限公司", "某港口物流集团", "某生物医药股份有限公司", "某石化装备有限公司",
             "某半导体材料有限公司", "某文旅发展有限公司"]
TERMS_OK = ["按规定享受高新技术企业税收优惠", "协助办理用地审批手续", "提供人才公寓租赁补贴", "优先保障用电用气指标"]
TERMS_BAD = ["返还土地出让金", "减免应缴税款", "承诺保底收益", "以财政资金为企业贷款提供担保"]
INDICATORS = [("地区生产总值", 10**13), ("规模以上工业增加值", 10**12), ("固定资产投资", 10**12),
              ("社会消费品零售总额", 10**12), ("一般公共预算收入", 10**11), ("城镇常住居民人均可支配收入", 10**7)]
CONTACTS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "孙丽"]
OBLIGATIONS = ["可行性缺口补助支付", "配套道路建设", "土地交付", "运营补贴拨付", "绩效考核结果公开"]
TITLES = ["关于调整城市供暖价格的决定", "关于优化营商环境若干措施的通知", "老旧小区改造实施方案",
          "关于调整公交线路的决定", "关于支持民营经济发展的若干政策", "城市停车收费管理办法"]
REASONS = ["government_turnover", "personnel_change", "policy_adjustment", "national_interest",
           "public_interest", "statutory"]
LAWFUL = REASONS[3:]
INSTRUMENTS_BAD = ["bank_loan", "trust_financing", "城投平台借款", "BT回购"]
PROCEDURES = ["public_participation", "expert_review", "risk_assessment", "legality_review", "collective_discussion"]

CUTOFF = datetime.date(2019, 12, 12).toordinal()
LEAP_DAYS = [datetime.date(2020, 2, 29).toordinal(), datetime.date(2024, 2, 29).toordinal()]
FIRST, LAST = datetime.date(2020, 1, 1).toordinal(), datetime.date(2025, 12, 31).toordinal()


class Money:
    """An exact amount in fen (分), written as a JSON number: 500000, 0.3, 1234.56."""
    __slots__ = ("text",)

    def __init__(self, fen):
        sign, fen = ("-", -fen) if fen < 0 else ("", fen)
        yuan, rest = divmod(fen, 100)
        self.text = sign + (str(yuan) if rest == 0 else f"{yuan}.{rest // 10}" if rest % 10 == 0
                            else f"{yuan}.{rest:02d}")


class Raw:
    """Text written as is (a number like 30.5 for a wrong-typed int)."""
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


_iso_cache = {}


def iso(day):
    s = _iso_cache.get(day)
    if s is None:
        s = _iso_cache[day] = datetime.date.fromordinal(day).isoformat()
    return s


class Gen:
    def __init__(self, seed):
        self.r = Random(seed)

    def chance(self, p):
        return self.r.random() < p

    def fen(self, lo, hi):
        """A random amount in fen; whole yuan most of the time, like real ledgers."""
        r = self.r
        x = r.randint(lo, hi)
        whole = x - x % 100
        return whole if whole >= lo and r.random() < 0.6 else x

    def split(self, total, parts):
        """Split a fen amount into `parts` positive pieces (exact)."""
        if parts <= 1 or total < parts:
            return [total]
        cuts = sorted(self.r.sample(range(1, total), parts - 1)) if total < 10**7 else \
            sorted({self.r.randint(1, total - 1) for _ in range(parts - 1)})
        return [b - a for a, b in zip([0] + cuts, cuts + [total])]

    # ------------------------------------------------------------ one filing
    def filing(self, i):
        r = self.r
        kind = KINDS[r.randrange(8)]
        bad = r.random() < 0.36  # plus the edge cases that land on the violating side
        if r.random() < 0.04:
            report = LEAP_DAYS[r.randrange(2)]
        else:
            report = r.randint(FIRST, LAST)
        if r.random() < 0.7:
            region = CITIES[r.randrange(len(CITIES))]
            dept = "市" + DEPARTMENTS[kind][r.randrange(len(DEPARTMENTS[kind]))]
        else:
            region = DISTRICTS[r.randrange(len(DISTRICTS))]
            dept = "区" + DEPARTMENTS[kind][r.randrange(len(DEPARTMENTS[kind]))]
        f = {"kind": kind, "id": f"{PREFIX[kind]}-{i:07d}", "region": region, "department": dept,
             "report_date": iso(report)}
        x = r.random()  # remedied: mostly absent; sometimes false, null or true
        if x < 0.08:
            f["remedied"] = True
        elif x < 0.16:
            f["remedied"] = False
        elif x < 0.20:
            f["remedied"] = None
        getattr(self, kind)(f, report, bad)
        return f

    def project(self, f, report, bad):
        r = self.r
        x = r.random()
        f["funding"] = "government" if x < 0.75 else "ppp" if x < 0.87 else "enterprise"
        completed = r.random() < 0.5
        f["completed"], f["audited"] = completed, completed and not (bad and r.random() < 0.3)
        violate = r.randrange(2) if bad else -1  # 0: new arrears, 1: missed repayment instalment
        payables = []
        for n in range(r.randint(0, 3)):
            amount = self.fen(1_000_00, 50_000_000_00)
            due = report + r.randint(-400, 200)
            if r.random() < 0.05:
                due = report  # due today: not overdue yet
            paid = amount if due < report else self.fen(0, amount)
            if r.random() < 0.03:
                due, paid = CUTOFF - 1, self.fen(0, amount - 1)  # old arrears (before the decision): not "new"
            if violate == 0 and n == 0:
                due, paid = max(report - r.randint(1, 365), CUTOFF), self.fen(0, amount - 1)
            payables.append({"item": ITEMS[r.randrange(len(ITEMS))], "due_date": iso(due),
                             "amount": Money(amount), "paid": Money(paid)})
        if violate == 0 and not payables:
            payables.append({"item": "土建工程款", "due_date": iso(report - 1), "amount": Money(30),
                             "paid": Money(20)})  # 0.3 owed, 0.2 paid
        plan = []
        for n in range(r.randint(0, 2) + (violate == 1)):
            amount = self.fen(10_000_00, 5_000_000_00)
            due = r.randint(datetime.date(2020, 3, 31).toordinal(), LAST)
            paid = amount if due < report or r.random() < 0.3 else 0
            if violate == 1 and n == 0:
                due, paid = report - r.randint(1, 200), self.fen(0, amount - 1)
            plan.append({"due_date": iso(due), "amount": Money(amount), "paid": Money(paid)})
        f["payables"], f["repayment_plan"] = payables, plan

    def procurement(self, f, report, bad):
        r = self.r
        amount = self.fen(10_000_00, 20_000_000_00)
        if r.random() < 0.03:
            amount = 30  # 0.3 yuan, to be paid as 0.1 + 0.2
        f.update(buyer=f["region"] + f["department"][1:], supplier=SUPPLIERS[r.randrange(len(SUPPLIERS))],
                 supplier_is_sme=r.random() < 0.6, amount=Money(amount), method=METHODS[r.randrange(len(METHODS))],
                 published=not (bad and r.random() < 0.4))
        terms = [15, 30, 45, 60, 90][r.randrange(5)]
        x = r.random()
        if x < 0.12:
            f["acceptance_date"], payments = None, []
        elif x < 0.17:
            payments = []  # acceptance_date absent
        else:
            due = report + r.randint(-300, 60)
            if r.random() < 0.06:
                due = report  # due today
            elif r.random() < 0.06:
                due = LEAP_DAYS[1]  # e.g. 2024-01-30 + 30 days
            accepted = due - terms
            f["acceptance_date"] = iso(accepted)
            pieces = [10, 20] if amount == 30 else self.split(amount, r.randint(1, 3))
            days = sorted(r.randint(accepted, due) for _ in pieces)
            if r.random() < 0.15:
                days[-1] = due  # the last payment on the due date itself
            if bad and f["published"] or (bad and r.random() < 0.5):
                if r.random() < 0.5:
                    days[-1] = due + r.randint(1, 40)  # paid, but late
                else:
                    pieces[-1] -= min(pieces[-1], self.fen(1, pieces[-1]))  # short
            elif due >= report and r.random() < 0.5:
                pieces, days = pieces[:-1], days[:-1]  # not due yet: still partly unpaid
            payments = [{"date": iso(d), "amount": Money(p)} for d, p in zip(days, pieces) if p > 0]
        f["payment_terms_days"], f["payments"] = terms, payments

    def debt(self, f, report, bad):
        r = self.r
        capacity = r.randint(2_000_000, 80_000_000) * 1000  # fen, a multiple of 10 yuan: exact ratios
        violate = r.randrange(5) if bad else -1
        x = r.random()
        if violate == 0:
            balance = capacity + r.randint(1, capacity // 5) if r.random() < 0.5 else \
                capacity * 6 // 5 + r.randint(1, capacity)
        elif x < 0.05:
            balance = capacity  # exactly 100%: no violation
        elif x < 0.10:
            balance = capacity * 6 // 5  # exactly 120%: warning, not major
        else:
            balance = capacity * r.randint(30, 100) // 100
        limit = balance + self.fen(0, balance // 4) if r.random() > 0.05 else balance  # == limit is fine
        if violate == 1:
            limit = balance - self.fen(1, balance // 10)
        borrowings = []
        for n in range(r.randint(0, 3)):
            b = {"instrument": "general_bond" if r.random() < 0.5 else "special_bond",
                 "amount": Money(self.fen(1_000_000_00, 3_000_000_000_00)), "approved": True, "use": "capital"}
            borrowings.append(b)
        if violate == 2:
            b = {"instrument": INSTRUMENTS_BAD[r.randrange(4)], "amount": Money(self.fen(1_000_000_00, 10**11)),
                 "approved": r.random() < 0.5, "use": "capital"}
            if r.random() < 0.3:
                b["instrument"], b["approved"] = "special_bond", False
            borrowings.append(b)
        if violate == 3:
            borrowings.append({"instrument": "general_bond", "amount": Money(self.fen(1_000_000_00, 10**11)),
                               "approved": True, "use": "current"})
        mech = [True, True, True]
        if violate == 4:
            mech[r.randrange(3)] = False
        f.update(year=int(iso(report)[:4]) - 1, debt_balance=Money(balance), debt_limit=Money(limit),
                 fiscal_capacity=Money(capacity), borrowings=borrowings, risk_assessment=mech[0],
                 early_warning=mech[1], emergency_plan=mech[2])

    def ppp(self, f, report, bad):
        r = self.r
        violate = r.randrange(2) if bad else -1
        if violate == 0:
            choice = r.randrange(5)
            if choice:
                f["government_contact"] = [None, "", "   ", "\u3000"][choice - 1]
        else:
            f["government_contact"] = CONTACTS[r.randrange(len(CONTACTS))]
        obligations = []
        for n in range(r.randint(1, 3)):
            due = report + r.randint(-500, 300)
            if r.random() < 0.06:
                due = report
            fulfilled = due < report or r.random() < 0.3
            if violate == 1 and n == 0:
                due, fulfilled = report - r.randint(1, 300), False
            obligations.append({"description": OBLIGATIONS[r.randrange(len(OBLIGATIONS))], "due_date": iso(due),
                                "fulfilled": fulfilled})
        f["obligations"] = obligations

    def commitment(self, f, report, bad):
        r = self.r
        violate = r.randrange(2) if bad else -1
        terms = [{"description": TERMS_OK[r.randrange(len(TERMS_OK))], "lawful": True}
                 for _ in range(r.randint(1, 3))]
        if violate == 0:
            terms.append({"description": TERMS_BAD[r.randrange(len(TERMS_BAD))], "lawful": False})
        f["investor"], f["terms"] = CITIES[r.randrange(len(CITIES))].rstrip("市") + INVESTORS[r.randrange(len(INVESTORS))], terms
        if violate == 1:
            f["fulfilled"] = False
            x = r.randrange(5)
            if x == 0:
                pass  # no change recorded
            elif x == 1:
                f["change"] = {"reason": REASONS[r.randrange(3)], "lawful_procedure": True, "compensated": True}
            elif x == 2:
                f["change"] = {"reason": LAWFUL[r.randrange(3)], "lawful_procedure": False, "compensated": True}
            elif x == 3:
                f["change"] = {"reason": LAWFUL[r.randrange(3)], "lawful_procedure": True, "compensated": False}
            else:
                f["change"] = {"reason": "force_majeure", "lawful_procedure": True, "compensated": True}
        elif r.random() < 0.3:
            f["fulfilled"] = False  # lawfully changed: excused
            f["change"] = {"reason": LAWFUL[r.randrange(3)], "lawful_procedure": True, "compensated": True}
        else:
            f["fulfilled"] = True
            if r.random() < 0.2:  # a change on a kept commitment never matters
                f["change"] = {"reason": REASONS[r.randrange(6)], "lawful_procedure": r.random() < 0.5,
                               "compensated": r.random() < 0.5}
            elif r.random() < 0.1:
                f["change"] = None

    def statistics(self, f, report, bad):
        r = self.r
        name, scale = INDICATORS[r.randrange(len(INDICATORS))]
        year = int(iso(report)[:4]) - 1
        f["indicator"] = name
        f["period"] = [f"{year}年", f"{year}年第{'一二三四'[r.randrange(4)]}季度", f"{year + 1}年1-6月"][r.randrange(3)]
        verified = r.randint(scale // 100, scale) // 20 * 20  # a multiple of 20 fen: 5% of it is exact
        x = r.random()
        if bad and r.random() < 0.75:
            if r.random() < 0.08:
                verified, reported = 0, self.fen(1, 1000)
            else:
                dev = verified // 20 + r.randint(1, verified // 4)  # beyond 5%
                reported = verified + dev if r.random() < 0.6 else verified - dev
            f["instructed_falsification"] = r.random() < 0.15
        else:
            if x < 0.06:
                reported = verified * 21 // 20  # exactly +5%
            elif x < 0.12:
                reported = verified * 19 // 20  # exactly -5%
            elif x < 0.14:
                verified = reported = 0
            else:
                reported = verified + r.randint(-(verified // 25), verified // 25)
            f["instructed_falsification"] = bad
        f["reported"] = Money(reported)
        x = r.random()
        if x < 0.15:
            pass  # verified absent
        elif x < 0.25:
            f["verified"] = None
        else:
            f["verified"] = Money(verified)
        if "verified" not in f or f["verified"] is None:
            f["instructed_falsification"] = f["instructed_falsification"] or (bad and r.random() < 0.5)

    def decision(self, f, report, bad):
        r = self.r
        violate = r.randrange(3) if bad else -1
        procedures = {p: True for p in PROCEDURES}
        major = r.random() < 0.6 or violate == 0
        if violate == 0 or (not major and r.random() < 0.5):
            procedures[PROCEDURES[r.randrange(5)]] = False
        enterprise = r.random() < 0.5 or violate == 1
        comment, pre = True, True
        if violate == 1 or (not enterprise and r.random() < 0.5):
            if r.random() < 0.5:
                comment = False
            else:
                pre = False
        changed = r.random() < 0.2 or violate == 2
        f.update(title=TITLES[r.randrange(len(TITLES))], major=major, enterprise_related=enterprise,
                 procedures=procedures, public_comment=comment, pre_assessment_report=pre, changed=changed,
                 change_procedure=changed and violate != 2 or (not changed and r.random() < 0.5))

    def complaint(self, f, report, bad):
        r = self.r
        limit = [3, 5, 7, 10, 15, 30][r.randrange(6)]
        deadline = report + r.randint(-60, 20)
        if r.random() < 0.05:
            deadline = LEAP_DAYS[r.randrange(2)]
        received = deadline - limit
        f["received_date"], f["time_limit_days"] = iso(received), limit
        if bad:
            if r.random() < 0.6:
                f["feedback_date"] = iso(deadline + r.randint(1, 30))
            elif deadline < report:
                f["feedback_date"] = None
            else:
                f["feedback_date"] = iso(deadline + 1)
        elif deadline < report or r.random() < 0.5:
            f["feedback_date"] = iso(deadline if r.random() < 0.15 else r.randint(received, deadline))
        elif r.random() < 0.5:
            f["feedback_date"] = None  # due today or later, no feedback yet: fine
        # else feedback_date absent

    # ------------------------------------------------------------ invalid filings
    def spoil(self, f, jsonl):
        """Make f invalid; return a malformed JSONL line instead when chosen."""
        r = self.r
        x = r.randrange(6)
        required = [k for k, v in f.items() if k not in ("remedied", "acceptance_date", "government_contact",
                                                         "change", "verified", "feedback_date")]
        if x == 0:
            del f[required[r.randrange(len(required))]]
        elif x == 1:
            key = required[r.randrange(len(required))]
            v = f[key]
            f[key] = ("true" if v else 1) if type(v) is bool else (v.text if type(v) is Money else
                     Raw("30.5") if type(v) is int else [] if type(v) is str else "n/a")
        elif x == 2:
            f["report_date"] = ["2023-02-30", "2023-02-29", "2023-13-01", "2023/05/01", "2023-5-1"][r.randrange(5)]
        elif x == 3:
            f["kind"] = ["Project", "loan", "PROCUREMENT", "", "ppp "][r.randrange(5)]
        elif x == 4 and f["kind"] == "debt":
            f["fiscal_capacity"] = Money(-r.randint(0, 10**9) // 100 * 100)
        elif x == 4:
            f["report_date"] = None
        elif jsonl:
            return '{"kind": "' + f["kind"] + '", "id": "' + f["id"] + '", "region": '  # truncated line
        else:
            f.pop("id")
        return None


# ---------------------------------------------------------------- writers
def json_value(v):
    t = type(v)
    if t is str:
        return encode_basestring(v)
    if t is bool:
        return "true" if v else "false"
    if t is Money or t is Raw:
        return v.text
    if t is int:
        return str(v)
    if v is None:
        return "null"
    if t is list:
        return "[" + ", ".join([json_value(x) for x in v]) + "]"
    return "{" + ", ".join([encode_basestring(k) + ": " + json_value(x) for k, x in v.items()]) + "}"


YAML_PLAIN = re.compile(r"[\u4e00-\u9fffA-Za-z\u3001-\u303f\uff01-\uffee][\u4e00-\u9fffA-Za-z0-9_\-\u3001-\u303f"
                        r"\uff01-\uffee]*")
YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def yaml_scalar(v, quote_dates):
    t = type(v)
    if t is str:
        if YAML_PLAIN.fullmatch(v) and v.lower() not in YAML_WORDS:
            return v
        if not quote_dates and DATE_LIKE.fullmatch(v):
            return v  # an unquoted date means the same as the quoted one
        return encode_basestring(v)
    return json_value(v)


def yaml_block(f, indent, quote_dates):
    pad, lines = " " * indent, []
    for k, v in f.items():
        if type(v) is list and v:
            lines.append(f"{pad}{k}:")
            for item in v:
                if type(item) is dict:
                    sub = yaml_block(item, indent + 4, quote_dates)
                    lines.append(f"{pad}  - {sub[indent + 4:]}")
                else:
                    lines.append(f"{pad}  - {yaml_scalar(item, quote_dates)}")
        elif type(v) is dict and v:
            lines.append(f"{pad}{k}:\n" + yaml_block(v, indent + 2, quote_dates))
        elif type(v) in (list, dict):
            lines.append(f"{pad}{k}: {'[]' if type(v) is list else '{}'}")
        else:
            lines.append(f"{pad}{k}: {yaml_scalar(v, quote_dates)}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a deterministic corpus of filings.")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--format", choices=["jsonl", "json", "yaml"], default="jsonl")
    ap.add_argument("--out", help="output file (default: standard output)")
    ap.add_argument("--invalid-rate", type=float, default=0.0, metavar="R")
    args = ap.parse_args(argv)
    if args.count < 0 or not 0 <= args.invalid_rate <= 1:
        ap.error("--count must be >= 0 and --invalid-rate within [0, 1]")
    out = open(args.out, "wb") if args.out else sys.stdout.buffer
    gen, fmt, chunk = Gen(args.seed), args.format, []
    if fmt == "json":
        chunk.append("[")
    for i in range(1, args.count + 1):
        f = gen.filing(i)
        broken = gen.spoil(f, fmt == "jsonl") if args.invalid_rate and gen.chance(args.invalid_rate) else None
        if fmt == "jsonl":
            chunk.append(broken if broken is not None else json_value(f))
        elif fmt == "json":
            body = ",\n".join("    " + encode_basestring(k) + ": " + json_value(v) for k, v in f.items())
            chunk.append("  {\n" + body + ("\n  }," if i < args.count else "\n  }"))
        else:
            chunk.append("---\n" + yaml_block(f, 0, quote_dates=i % 5 == 0))
        if len(chunk) >= 2000:
            out.write(("\n".join(chunk) + "\n").encode("utf-8"))
            chunk = []
    if fmt == "json":
        chunk.append("]")
    if chunk:
        out.write(("\n".join(chunk) + "\n").encode("utf-8"))
    if args.out:
        out.close()
    else:
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
