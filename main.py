"""东安台账. Without arguments: the window. With a sub-command: a job without a window."""
import os
import sys


def _give_windowed_build_a_console() -> None:
    """A windowed build has no console: ``sys.stdout``/``stderr`` are None and anything that
    prints (argparse, a library's warning) would crash. What matters goes to ``logs/``."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def run() -> int:
    _give_windowed_build_a_console()
    from dongan_desk.cli import build_parser, main as cli_main

    args = build_parser().parse_args()
    if args.self_test:
        from dongan_desk import paths
        from dongan_desk.logs import setup_logging
        from dongan_desk.selftest import run_self_test
        data_dir = paths.resolve_data_dir(args.data_dir)
        setup_logging(data_dir)
        return run_self_test(data_dir / "logs")
    if args.command:
        return cli_main(sys.argv[1:])
    from dongan_desk.ui.app import start_gui
    return start_gui(args.data_dir)


if __name__ == "__main__":
    try:
        sys.exit(run())
    except Exception:  # a windowed build shows no traceback: the log keeps it (once it is set up)
        import logging
        logging.getLogger("main").exception("程序意外退出")
        raise
