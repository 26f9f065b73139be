//! `--plain`: the walk as numbered menus on stdout, answers on stdin.
