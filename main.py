"""东安台账. Without arguments: the window. With a sub-command: a job without a window."""
import sys


def run() -> int:
    from dongan_desk.cli import build_parser, main as cli_main

    args = build_parser().parse_args()
    if args.command:
        return cli_main(sys.argv[1:])
    from dongan_desk.ui.app import start_gui
    return start_gui(args.data_dir)


if __name__ == "__main__":
    sys.exit(run())
