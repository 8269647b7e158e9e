"""What the 村规民约 tests share: a text, the facts of each step, walking a version's path."""
from datetime import date, timedelta

from dongan_desk.ledgers.covenant import steps

TODAY = date.today()
DAY = TODAY - timedelta(days=60)
TEXT = ("第一章　总则\n第一条　本村规民约适用于兴田村全体村民。\n第二条　村民应当遵守法律法规。\n"
        "第二章　邻里关系\n第三条　邻里之间应和睦相处。\n第4条　建房不得侵占邻居土地，\n影响他人通行。")
STEP_DATA = {
    "consult": {"opinion_count": 36, "sources": "各村民小组户代表"},
    "branch": {"record": "支委会逐条酝酿"},
    "party": {"due_count": 40, "present_count": 33},
    "review": {"review_result": "approved", "opinion": "经审核，内容合法"},
    "vote": {"due_count": 45, "present_count": 31, "agree_count": 28, "against_count": 1, "abstain_count": 2},
    "filing": {"record": "报东安镇人民政府备案"},
    "posting": {"place": "村便民服务中心公示栏"},
}



def walk(covenant, upto, day=DAY):
    """Record the steps of the path up to and including ``upto``."""
    for kind in steps.ORDER[:steps.ORDER.index(upto) + 1]:
        steps.save_step(covenant, kind, {"held_on": day, **STEP_DATA[kind]}, today=TODAY)
    return covenant


