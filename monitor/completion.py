"""Shell completion scripts for bash, zsh and fish, made from the command line parser itself,
so they know every command, option and choice the installed rolewatch has."""

from __future__ import annotations

import argparse
import re
import shlex
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")
# options whose value is a file or a folder: the shell completes paths for them
_PATHS = {"--config", "--output", "-o"}


@dataclass
class Option:
    """One option of one command."""

    flags: list[str]
    takes_value: bool
    choices: list[str]
    help: str

    @property
    def path(self) -> bool:
        return bool(set(self.flags) & _PATHS)


@dataclass
class Command:
    """A command (or the top level, path ""), its subcommands, options and positional choices."""

    path: str
    help: str = ""
    subcommands: dict[str, str] = field(default_factory=dict)  # name -> help
    options: list[Option] = field(default_factory=list)
    positionals: list[str] = field(default_factory=list)  # the choices of its positionals
    files: bool = False  # a positional that is a file (extract FILE)


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    """Every command of `parser`, depth first, the top level first."""
    found: list[Command] = []

    def walk(parser: argparse.ArgumentParser, path: str, text: str) -> None:
        command = Command(path, text)
        found.append(command)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {a.dest: a.help or "" for a in action._choices_actions}
                for name, sub in action.choices.items():
                    command.subcommands[name] = helps.get(name, "")
                    walk(sub, f"{path} {name}".strip(), helps.get(name, ""))
            elif action.option_strings:
                command.options.append(
                    Option(
                        list(action.option_strings),
                        action.nargs != 0,
                        [str(c) for c in action.choices or ()],
                        action.help or "",
                    )
                )
            elif action.choices:
                command.positionals += [str(c) for c in action.choices]
            elif action.dest == "file":
                command.files = True

    walk(parser, "", parser.description or "")
    return found


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for `shell`."""
    if shell not in SHELLS:
        raise ValueError(f"no completion for {shell!r} (one of {', '.join(SHELLS)})")
    found = commands(parser)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](found)


def _q(text: str) -> str:
    return shlex.quote(text)


def _tables(found: list[Command], declare: str) -> list[str]:
    """The associative arrays that bash and zsh both read: subcommands, options, values."""
    subs, opts, takes, values = [], [], [], []
    for command in found:
        key = command.path
        words = [*command.subcommands, *command.positionals]
        if words:
            subs.append(f"  [{_q(key or '-')}]={_q(' '.join(words))}")
        flags = [f for o in command.options for f in o.flags]
        opts.append(f"  [{_q(key or '-')}]={_q(' '.join(flags))}")
        if command.files:
            values.append(f"  [{_q(f'{key}|@file')}]=1")
        for option in command.options:
            if not option.takes_value:
                continue
            for flag in option.flags:
                takes.append(f"  [{_q(f'{key}|{flag}')}]=1")
                if option.path:
                    values.append(f"  [{_q(f'{key}|{flag}')}]=@path")
                elif option.choices:
                    values.append(f"  [{_q(f'{key}|{flag}')}]={_q(' '.join(option.choices))}")
    return [
        f"{declare} _rolewatch_subs=(", *subs, ")",
        f"{declare} _rolewatch_opts=(", *opts, ")",
        f"{declare} _rolewatch_takes=(", *takes, ")",
        f"{declare} _rolewatch_values=(", *values, ")",
    ]  # fmt: skip


_BASH = r"""
_rolewatch() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
    local path="" word i skip=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        if ((skip)); then skip=0; continue; fi
        if [[ $word == -* ]]; then
            [[ -n ${_rolewatch_takes["$path|$word"]} ]] && skip=1
            continue
        fi
        local here=" ${_rolewatch_subs[${path:--}]} "
        [[ $here == *" $word "* && -n ${_rolewatch_opts[${path:+$path }$word]+x} ]] &&
            path="${path:+$path }$word"
    done
    if [[ -n ${_rolewatch_takes["$path|$prev"]} ]]; then
        local values="${_rolewatch_values["$path|$prev"]}"
        if [[ $values == @path ]]; then
            COMPREPLY=($(compgen -f -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$values" -- "$cur"))
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "${_rolewatch_opts[${path:--}]}" -- "$cur"))
    elif [[ -n ${_rolewatch_values["$path|@file"]} ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    else
        COMPREPLY=($(compgen -W "${_rolewatch_subs[${path:--}]}" -- "$cur"))
    fi
}
complete -o default -F _rolewatch rolewatch
"""


def _bash(found: list[Command]) -> str:
    head = [
        "# rolewatch completion for bash. Load it with `source <(rolewatch completion bash)`",
        "# in ~/.bashrc, or save it as ~/.local/share/bash-completion/completions/rolewatch.",
    ]
    return "\n".join([*head, *_tables(found, "declare -gA")]) + "\n" + _BASH.lstrip("\n")


_ZSH = r"""
_rolewatch() {
    local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}"
    local path="" word i skip=0 here
    for ((i = 2; i < CURRENT; i++)); do
        word="${words[i]}"
        if ((skip)); then skip=0; continue; fi
        if [[ $word == -* ]]; then
            [[ -n ${_rolewatch_takes[$path|$word]} ]] && skip=1
            continue
        fi
        here=" ${_rolewatch_subs[${path:--}]} "
        if [[ $here == *" $word "* && -n ${_rolewatch_opts[${path:+$path }$word]+x} ]]; then
            path="${path:+$path }$word"
        fi
    done
    if [[ -n ${_rolewatch_takes[$path|$prev]} ]]; then
        local values="${_rolewatch_values[$path|$prev]}"
        if [[ $values == @path ]]; then _files; else compadd -- ${=values}; fi
        return
    fi
    if [[ $cur == -* ]]; then
        compadd -- ${=_rolewatch_opts[${path:--}]}
    elif [[ -n ${_rolewatch_values[$path|@file]} ]]; then
        _files
    else
        compadd -- ${=_rolewatch_subs[${path:--}]}
    fi
}
compdef _rolewatch rolewatch
"""


def _zsh(found: list[Command]) -> str:
    head = [
        "#compdef rolewatch",
        "# rolewatch completion for zsh. Load it with `source <(rolewatch completion zsh)` in",
        "# ~/.zshrc (after compinit), or save it as _rolewatch in a folder of your $fpath.",
    ]
    return "\n".join([*head, *_tables(found, "typeset -gA")]) + "\n" + _ZSH.lstrip("\n")


def _fish_text(text: str) -> str:
    text = re.sub(r"`", "", text.split(";")[0].split(" (")[0])
    return shlex.quote(text[:80])


def _fish(found: list[Command]) -> str:
    lines = [
        "# rolewatch completion for fish. Load it with `rolewatch completion fish | source`,",
        "# or save it as ~/.config/fish/completions/rolewatch.fish.",
        "complete -c rolewatch -f",
    ]
    for command in found:
        parts = command.path.split()
        # fish knows a command by the words seen so far: `db upgrade` is after db and upgrade
        condition = (
            "; and ".join(f"__fish_seen_subcommand_from {p}" for p in parts)
            or "__fish_use_subcommand"
        )
        if command.subcommands:
            guard = condition
            if parts:
                guard += f"; and not __fish_seen_subcommand_from {' '.join(command.subcommands)}"
            for name, text in command.subcommands.items():
                lines.append(
                    f"complete -c rolewatch -n {_q(guard)} -a {_q(name)} -d {_fish_text(text)}"
                )
        for choice in command.positionals:
            lines.append(f"complete -c rolewatch -n {_q(condition)} -a {_q(choice)}")
        if command.files:
            lines.append(f"complete -c rolewatch -n {_q(condition)} -F")
        for option in command.options:
            flags = []
            for flag in option.flags:
                if flag.startswith("--"):
                    flags.append(f"-l {flag[2:]}")
                else:
                    flags.append(f"-s {flag[1:]}")
            extra = ""
            if option.takes_value:
                if option.path:
                    extra = " -r -F"
                elif option.choices:
                    extra = f" -x -a {_q(' '.join(option.choices))}"
                else:
                    extra = " -x"
            lines.append(
                f"complete -c rolewatch -n {_q(condition)} {' '.join(flags)}{extra} "
                f"-d {_fish_text(option.help)}"
            )
    return "\n".join(lines) + "\n"
