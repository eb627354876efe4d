//! kafka-metadata-shell's commands over a metadata image: `ls`, `cat`, `tree`, `find` (also
//! from the command line), and in the interactive shell `cd`, `pwd`, `history`, `help`,
//! `man`, `exit`. Paths are Kafka's: absolute or relative to the working directory, `.` and
//! `..` understood, and a component may be a glob (`*`, `?`, `{a,b}`).

pub mod tree;

use tree::Node;

/// The commands, sorted, with Kafka's descriptions; `true` for the shell-only ones.
pub const COMMANDS: &[(&str, &str, bool)] = &[
    ("cat", "Show the contents of metadata files.", false),
    ("cd", "Set the current working directory.", true),
    ("exit", "Exit the metadata shell.", true),
    (
        "find",
        "Search for nodes in the directory hierarchy.",
        false,
    ),
    ("help", "Display this help message.", true),
    ("history", "Print command history.", true),
    ("ls", "List metadata nodes.", false),
    ("man", "Show the help text for a specific command.", true),
    ("pwd", "Print the current working directory.", true),
    (
        "tree",
        "Show the contents of metadata nodes in a tree structure.",
        false,
    ),
];

/// What running a command leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Printed its output (possibly Kafka's in-band error lines).
    Done(String),
    /// The command line was not a command: the message.
    Invalid(String),
    /// `exit`.
    Exit,
}

/// The shell: the tree, the working directory and, interactively, the history.
pub struct Shell {
    root: Node,
    cwd: String,
    history: Vec<String>,
    interactive: bool,
    /// `ls` column layout width (a terminal's), None for one entry per line.
    pub screen_width: Option<usize>,
}

/// A node found by a path: its path components and the node.
struct Found<'a> {
    path: Vec<String>,
    node: &'a Node,
}

impl Found<'_> {
    fn last_component(&self) -> String {
        self.path.last().cloned().unwrap_or_else(|| "/".to_string())
    }
    fn absolute(&self) -> String {
        format!("/{}", self.path.join("/"))
    }
}

/// `CommandUtils.splitPath` + `stripDotPathComponents`.
fn components(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in path.split('/').filter(|c| !c.is_empty()) {
        match c {
            "." => {}
            ".." => {
                out.pop();
            }
            other => out.push(other.to_string()),
        }
    }
    out
}

/// A glob component as a regex, or None when it is a literal (Kafka's `GlobComponent`).
fn glob_regex(component: &str) -> Option<regex::Regex> {
    let mut out = String::from("^");
    let mut literal = true;
    let mut in_braces = false;
    let mut chars = component.chars();
    while let Some(c) = chars.next() {
        match c {
            '?' => {
                literal = false;
                out.push('.');
            }
            '*' => {
                literal = false;
                out.push_str(".*");
            }
            '\\' => match chars.next() {
                Some(n) => out.push_str(&regex::escape(&n.to_string())),
                None => return None,
            },
            '{' if !in_braces => {
                in_braces = true;
                literal = false;
                out.push_str("(?:");
            }
            ',' if in_braces => out.push('|'),
            '}' if in_braces => {
                in_braces = false;
                out.push(')');
            }
            other => out.push_str(&regex::escape(&other.to_string())),
        }
    }
    if literal || in_braces {
        return None;
    }
    out.push('$');
    regex::Regex::new(&out).ok()
}

impl Shell {
    /// A shell over `root`, at `/`.
    pub fn new(root: Node, interactive: bool) -> Self {
        Shell {
            root,
            cwd: "/".to_string(),
            history: Vec::new(),
            interactive,
            screen_width: None,
        }
    }

    /// Every node `glob` names, in sorted order (`GlobVisitor`).
    fn visit(&self, glob: &str) -> Vec<Found<'_>> {
        let full = if glob.starts_with('/') {
            glob.to_string()
        } else {
            format!("{}/{glob}", self.cwd)
        };
        let parts = components(&full);
        let mut found = Vec::new();
        Self::walk(&parts, 0, &self.root, Vec::new(), &mut found);
        found
    }

    fn walk<'a>(
        parts: &[String],
        at: usize,
        node: &'a Node,
        path: Vec<String>,
        found: &mut Vec<Found<'a>>,
    ) {
        let Some(part) = parts.get(at) else {
            found.push(Found { path, node });
            return;
        };
        match glob_regex(part) {
            None => {
                let literal = part.replace('\\', "");
                if let Some(child) = node.child(&literal) {
                    let mut p = path;
                    p.push(literal);
                    Self::walk(parts, at + 1, child, p, found);
                }
            }
            Some(re) => {
                for name in node.child_names() {
                    if re.is_match(&name) {
                        let mut p = path.clone();
                        p.push(name.clone());
                        if let Some(child) = node.child(&name) {
                            Self::walk(parts, at + 1, child, p, found);
                        }
                    }
                }
            }
        }
    }

    /// The working directory.
    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// Names of the children of the directory `path` leads to (for completion).
    pub fn children_of(&self, path: &str) -> Vec<(String, bool)> {
        self.visit(path)
            .first()
            .map(|f| match f.node {
                Node::Dir(children) => children
                    .iter()
                    .map(|(n, c)| (n.clone(), c.is_dir()))
                    .collect(),
                Node::File(_) => Vec::new(),
            })
            .unwrap_or_default()
    }

    /// Runs one command line (already split into words).
    pub fn run(&mut self, words: &[String]) -> Outcome {
        let mut words: Vec<String> = words.to_vec();
        while words.last().is_some_and(|w| w.is_empty()) {
            words.pop();
        }
        let Some((command, args)) = words.split_first() else {
            return Outcome::Done(String::new());
        };
        if self.interactive {
            self.history.push(words.join(" "));
        }
        let known = COMMANDS.iter().find(|(name, _, shell_only)| {
            *name == command.as_str() && (self.interactive || !shell_only)
        });
        if known.is_none() {
            let choices: Vec<String> = COMMANDS
                .iter()
                .filter(|(_, _, shell_only)| self.interactive || !shell_only)
                .map(|(n, _, _)| format!("'{n}'"))
                .collect();
            return Outcome::Invalid(format!(
                "argument command: invalid choice: '{command}' (choose from {})",
                choices.join(", ")
            ));
        }
        let mut out = String::new();
        match command.as_str() {
            "ls" => self.ls(args, &mut out),
            "cat" | "tree" if args.is_empty() => {
                return Outcome::Invalid(format!("{command}: too few arguments"));
            }
            "cat" => {
                for target in args {
                    let found = self.visit(target);
                    if found.is_empty() {
                        out.push_str(&format!("cat: {target}: No such file or directory.\n"));
                    }
                    for f in found {
                        if f.node.is_dir() {
                            out.push_str(&format!("cat: {target}: Is a directory\n"));
                        } else {
                            f.node.print(0, &mut out);
                        }
                    }
                }
            }
            "tree" => {
                for target in args {
                    let found = self.visit(target);
                    if found.is_empty() {
                        out.push_str(&format!("tree: {target}: No such file or directory.\n"));
                    }
                    for f in found {
                        f.node.print(0, &mut out);
                    }
                }
            }
            "find" => {
                for path in effective(args) {
                    let found = self.visit(&path);
                    if found.is_empty() {
                        out.push_str(&format!("find: {path}: no such file or directory.\n"));
                    }
                    for f in found {
                        find(&path, f.node, &mut out);
                    }
                }
            }
            "cd" => {
                let target = args.first().cloned().unwrap_or_else(|| "/".to_string());
                let found = self.visit(&target);
                match found.first() {
                    None => out.push_str(&format!("cd: {target}: no such directory.\n")),
                    Some(f) if !f.node.is_dir() => {
                        out.push_str(&format!("cd: {target}: not a directory.\n"))
                    }
                    Some(f) => self.cwd = f.absolute(),
                }
            }
            "pwd" => out.push_str(&format!("{}\n", self.cwd)),
            "history" => {
                let n = match args.first().map(|a| a.parse::<usize>()) {
                    None => usize::MAX,
                    Some(Ok(n)) => n,
                    Some(Err(_)) => {
                        return Outcome::Invalid(format!(
                            "argument numEntriesToShow: could not convert '{}' to Integer",
                            args[0]
                        ))
                    }
                };
                let skip = self.history.len().saturating_sub(n);
                for (i, line) in self.history.iter().enumerate().skip(skip) {
                    out.push_str(&format!("{:5}  {line}\n", i + 1));
                }
            }
            "help" => {
                out.push_str("Welcome to the Apache Kafka metadata shell.\n\n");
                out.push_str(&help_text());
            }
            "man" => match args.first() {
                None => return Outcome::Invalid("man: too few arguments".to_string()),
                Some(cmd) => match COMMANDS.iter().find(|(n, _, _)| *n == cmd.as_str()) {
                    None => out.push_str(&format!(
                        "man: unknown command {cmd}. Type help to get a list of commands.\n"
                    )),
                    Some((name, description, _)) => {
                        out.push_str(&format!("{name}: {description}\n\n"));
                        out.push_str(&format!("usage: {name}{}\n", usage_of(name)));
                    }
                },
            },
            "exit" => return Outcome::Exit,
            _ => {}
        }
        Outcome::Done(out)
    }

    fn ls(&self, args: &[String], out: &mut String) {
        let mut files = Vec::new();
        let mut dirs: Vec<(String, Vec<String>)> = Vec::new();
        for target in effective(args) {
            let found = self.visit(&target);
            if found.is_empty() {
                out.push_str(&format!("ls: {target}: no such file or directory.\n"));
            }
            for f in found {
                if f.node.is_dir() {
                    dirs.push((f.last_component(), f.node.child_names()));
                } else {
                    files.push(f.last_component());
                }
            }
        }
        self.print_entries(out, "", &files);
        let need_intro = !files.is_empty() || dirs.len() > 1;
        let mut first_intro = files.is_empty();
        for (name, children) in &dirs {
            let mut intro = String::new();
            if need_intro {
                if !first_intro {
                    intro.push('\n');
                }
                intro.push_str(name);
                intro.push(':');
                first_intro = false;
            }
            self.print_entries(out, &intro, children);
        }
    }

    /// `LsCommandHandler.printEntries`: in columns as wide as the screen allows (one per line
    /// without a screen), filled top to bottom.
    fn print_entries(&self, out: &mut String, intro: &str, entries: &[String]) {
        if entries.is_empty() {
            return;
        }
        if !intro.is_empty() {
            out.push_str(intro);
            out.push('\n');
        }
        let (widths, per_column) = column_schema(self.screen_width, entries);
        let columns = widths.len();
        let lines = entries.len().div_ceil(columns);
        for line in 0..lines {
            let mut text = String::new();
            for (column, width) in widths.iter().enumerate() {
                if let Some(entry) = entries.get(line + column * per_column) {
                    text.push_str(entry);
                    if column < columns - 1 {
                        text.push_str(&" ".repeat(width.saturating_sub(entry.len())));
                    }
                }
            }
            out.push_str(&text);
            out.push('\n');
        }
    }
}

/// `LsCommandHandler.calculateColumnSchema`: the most columns whose total width fits the
/// screen and whose last column is not empty.
fn column_schema(screen: Option<usize>, entries: &[String]) -> (Vec<usize>, usize) {
    let single = (vec![0], entries.len());
    let Some(screen) = screen else {
        return single;
    };
    let max_columns = screen / 4;
    if max_columns <= 1 {
        return single;
    }
    let mut best = single;
    for columns in 1..=max_columns {
        let per_column = entries.len().div_ceil(columns);
        let mut widths = vec![0usize; columns];
        for (i, e) in entries.iter().enumerate() {
            let c = i / per_column;
            widths[c] = widths[c].max(e.len() + 2);
        }
        if columns > 1 && widths[columns - 1] != 0 && widths.iter().sum::<usize>() <= screen {
            best = (widths, per_column);
        }
    }
    best
}

/// `CommandUtils.getEffectivePaths`: empty strings dropped, `.` when none is left.
fn effective(paths: &[String]) -> Vec<String> {
    let v: Vec<String> = paths.iter().filter(|p| !p.is_empty()).cloned().collect();
    if v.is_empty() {
        vec![".".to_string()]
    } else {
        v
    }
}

fn find(path: &str, node: &Node, out: &mut String) {
    out.push_str(path);
    out.push('\n');
    if let Node::Dir(children) = node {
        for (name, child) in children {
            let next = if path == "/" {
                format!("/{name}")
            } else {
                format!("{path}/{name}")
            };
            find(&next, child, out);
        }
    }
}

fn usage_of(command: &str) -> &'static str {
    match command {
        "cat" | "tree" => " targets [targets ...]",
        "ls" => " [targets [targets ...]]",
        "find" => " [paths [paths ...]]",
        "cd" => " [target]",
        "history" => " [numEntriesToShow]",
        "man" => " cmd",
        _ => "",
    }
}

/// The interactive `help`: the commands and what they do.
fn help_text() -> String {
    let names: Vec<&str> = COMMANDS.iter().map(|(n, _, _)| *n).collect();
    let mut text = format!("usage:  [-h] {{{}}} ...\n\n", names.join(","));
    text.push_str("positional arguments:\n");
    text.push_str(&format!("  {{{}}}\n", names.join(",")));
    for (name, description, _) in COMMANDS {
        text.push_str(&format!("    {name:<22}{description}\n"));
    }
    text.push_str(
        "\noptional arguments:\n  -h, --help             show this help message and exit\n",
    );
    text
}

/// Splits an interactive line into words: whitespace separates, quotes group.
pub fn split_line(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn shell() -> Shell {
        let mut topics = BTreeMap::new();
        for t in ["a", "b"] {
            topics.insert(
                t.to_string(),
                Node::Dir(BTreeMap::from([(
                    "name".to_string(),
                    Node::File(t.to_string()),
                )])),
            );
        }
        Shell::new(
            Node::Dir(BTreeMap::from([("topics".to_string(), Node::Dir(topics))])),
            true,
        )
    }

    fn run(shell: &mut Shell, line: &str) -> String {
        match shell.run(&split_line(line)) {
            Outcome::Done(text) => text,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn paths_globs_and_the_working_directory() {
        let mut s = shell();
        assert_eq!(run(&mut s, "ls"), "topics\n");
        assert_eq!(run(&mut s, "ls /topics"), "a\nb\n");
        assert_eq!(run(&mut s, "cat /topics/*/name"), "a\nb\n");
        assert_eq!(run(&mut s, "cat /topics/{b,c}/name"), "b\n");
        assert_eq!(run(&mut s, "cd topics/a"), "");
        assert_eq!(run(&mut s, "pwd"), "/topics/a\n");
        assert_eq!(run(&mut s, "cat ../b/name"), "b\n");
        assert_eq!(run(&mut s, "cat ."), "cat: .: Is a directory\n");
        assert_eq!(run(&mut s, "cd name"), "cd: name: not a directory.\n");
        assert_eq!(run(&mut s, "find /topics/b"), "/topics/b\n/topics/b/name\n");
        assert_eq!(
            run(&mut s, "tree /topics"),
            "a:\n  name:\n    a\nb:\n  name:\n    b\n"
        );
        assert_eq!(
            run(&mut s, "ls /nope"),
            "ls: /nope: no such file or directory.\n"
        );
        assert_eq!(
            run(&mut s, "history 2"),
            "   12  ls /nope\n   13  history 2\n"
        );
        assert_eq!(s.run(&split_line("exit")), Outcome::Exit);
    }

    #[test]
    fn ls_fills_columns_top_to_bottom_on_a_screen() {
        let mut s = shell();
        s.screen_width = Some(80);
        let entries: Vec<String> = (0..5).map(|i| format!("e{i}")).collect();
        let mut out = String::new();
        s.print_entries(&mut out, "", &entries);
        assert_eq!(out, "e0  e1  e2  e3  e4\n");
    }
}
