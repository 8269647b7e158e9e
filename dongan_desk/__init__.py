"""东安台账: the books of 东安镇's 抓“七好”推“四调” work plan, for village and township offices."""

__version__ = "0.1.0"
