//! `firmware-sim pair` as its own process, for the pairing tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use protocol::{TerminalCredential, TerminalId};

use crate::{HubProcess, binary};

/// `firmware-sim pair` running as its own process, its stdout read line by
/// line (with the moment each line arrived).
pub struct PairingSim {
    child: Child,
    /// Its state directory (credential, outbox).
    pub state_dir: PathBuf,
    lines: Arc<std::sync::Mutex<Vec<(Instant, String)>>>,
}

impl PairingSim {
    /// Opens `hub`'s pairing window and starts `firmware-sim pair` against
    /// its pairing listener, trusting the fingerprint its `/healthz` shows
    /// (as a technician reads it off the hub's page), with `extra` arguments.
    pub async fn start(hub: &HubProcess, state_dir: &Path, extra: &[&str]) -> PairingSim {
        hub.open_pairing();
        let fingerprint = hub.fingerprint().await;
        Self::start_trusting(hub.pairing_port, &fingerprint, state_dir, extra)
    }

    /// Starts `firmware-sim pair --hub 127.0.0.1:<pairing_port> --hub-id
    /// <hub_id> …extra`.
    pub fn start_trusting(pairing_port: u16, hub_id: &str, state_dir: &Path, extra: &[&str]) -> PairingSim {
        Self::spawn(pairing_port, Some(hub_id), state_dir, extra)
    }

    /// Starts `firmware-sim pair` without `--hub-id` (it cannot pair).
    pub fn start_without_identity(pairing_port: u16, state_dir: &Path) -> PairingSim {
        Self::spawn(pairing_port, None, state_dir, &[])
    }

    fn spawn(pairing_port: u16, hub_id: Option<&str>, state_dir: &Path, extra: &[&str]) -> PairingSim {
        std::fs::create_dir_all(state_dir).unwrap();
        let log = std::fs::File::create(state_dir.join("sim.log")).unwrap();
        let mut child = Command::new(binary("firmware-sim"))
            .arg("pair")
            .arg("--hub")
            .arg(format!("127.0.0.1:{pairing_port}"))
            .args(hub_id.map(|id| ["--hub-id", id]).into_iter().flatten())
            .arg("--state-dir")
            .arg(state_dir)
            .args(extra)
            .env("RUST_LOG", "warn,firmware_sim=info")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        std::thread::spawn(move || {
            use std::io::BufRead as _;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                sink.lock().unwrap().push((Instant::now(), line));
            }
        });
        PairingSim { child, state_dir: state_dir.to_path_buf(), lines }
    }

    /// The latest line starting with `prefix` (its rest), waiting up to `within`.
    pub async fn line(&self, prefix: &str, within: Duration) -> (Instant, String) {
        let deadline = Instant::now() + within;
        loop {
            let found = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .rev()
                .find(|(_, l)| l.starts_with(prefix))
                .map(|(at, l)| (*at, l[prefix.len()..].trim().to_owned()));
            if let Some(found) = found {
                return found;
            }
            assert!(Instant::now() < deadline, "no {prefix:?} line from the simulator; output:\n{}", self.output());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Everything it printed.
    pub fn output(&self) -> String {
        let log = std::fs::read_to_string(self.state_dir.join("sim.log")).unwrap_or_default();
        let out: Vec<String> = self.lines.lock().unwrap().iter().map(|(_, l)| l.clone()).collect();
        format!("{}\n--- stderr ---\n{log}", out.join("\n"))
    }

    /// The QR payload it shows.
    pub async fn qr(&self) -> String {
        self.line("QR:", Duration::from_secs(20)).await.1
    }

    /// The short code it shows.
    pub async fn code(&self) -> String {
        self.line("Code:", Duration::from_secs(20)).await.1
    }

    /// Waits until it is paired; its terminal id.
    pub async fn paired(&self, within: Duration) -> TerminalId {
        let (_, rest) = self.line("paired: terminal ", within).await;
        TerminalId::parse(rest.split_whitespace().next().unwrap()).unwrap()
    }

    /// The credential it saved.
    pub fn credential(&self) -> TerminalCredential {
        TerminalCredential::parse(&std::fs::read_to_string(self.state_dir.join("credential.txt")).unwrap()).unwrap()
    }

    /// The highest `acked=` figure it printed so far.
    pub fn acked(&self) -> u64 {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter_map(|(_, l)| l.split_whitespace().find_map(|w| w.strip_prefix("acked=")?.parse::<u64>().ok()))
            .max()
            .unwrap_or(0)
    }

    /// Waits for it to exit; its success.
    pub async fn exited(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "the simulator did not exit; output:\n{}", self.output());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for PairingSim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
