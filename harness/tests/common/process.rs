//! `conform mock` in a process of its own, stopped when dropped: for the tests that run conform
//! as a user does. A test includes it with `#[path = "common/process.rs"]`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct MockProcess {
    child: Child,
    /// The address the mock printed, `http://127.0.0.1:PORT`.
    pub url: String,
}

impl MockProcess {
    /// Starts `command`, a `conform mock --listen 127.0.0.1:0 …`, and reads the address it
    /// listens on.
    pub fn spawn(mut command: Command) -> MockProcess {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the mock starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("a line");
        let url = line
            .trim()
            .trim_start_matches("conform mock: listening on ")
            .to_string();
        MockProcess { child, url }
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
