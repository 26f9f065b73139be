//! Settings from the config file, environment and command line, each remembering where it came
//! from so `oauth-triage paths` can explain itself. Flags beat environment beats the file.

use std::fmt;
use std::path::{Path, PathBuf};

use etcetera::AppStrategy;
use serde::Deserialize;

/// Where a setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env(&'static str),
    ConfigFile,
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag => f.write_str("command line"),
            Origin::Env(name) => write!(f, "environment variable {name}"),
            Origin::ConfigFile => f.write_str("config file"),
            Origin::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithOrigin<T> {
    pub value: T,
    pub origin: Origin,
}

fn from_file<T>(value: T) -> WithOrigin<T> {
    WithOrigin {
        value,
        origin: Origin::ConfigFile,
    }
}

fn default<T>(value: T) -> WithOrigin<T> {
    WithOrigin {
        value,
        origin: Origin::Default,
    }
}

/// How copying should be attempted. `Auto` picks by environment (tmux and OSC 52 first over
/// SSH); see `src/clipboard/mod.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ClipboardRoute {
    #[default]
    Auto,
    System,
    Osc52,
    Tools,
    /// `tmux load-buffer -w -`: a tmux buffer, passed on to the terminal's clipboard by tmux.
    Tmux,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// The terminal's own colours with a few accents; readable on dark and light backgrounds.
    #[default]
    Default,
    /// No colour at all: reverse video and markers only (also what NO_COLOR gives).
    Mono,
    /// Bold accents for projectors and screenshares.
    HighContrast,
    /// Dark colours chosen for light backgrounds (each passes WCAG AA contrast on white).
    Light,
}

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    server: Option<String>,
    flows: Option<PathBuf>,
    clipboard: Option<ClipboardRoute>,
    theme: Option<ThemeName>,
    mouse: Option<bool>,
}

/// Everything resolved, ready to use.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file read, if any, and how it was found.
    pub config_file: Option<WithOrigin<PathBuf>>,
    /// Where a config file would be looked for by default.
    pub default_config_path: Option<PathBuf>,
    pub server: Option<WithOrigin<String>>,
    pub flows: Vec<WithOrigin<PathBuf>>,
    pub clipboard: WithOrigin<ClipboardRoute>,
    pub theme: WithOrigin<ThemeName>,
    pub mouse: WithOrigin<bool>,
}

/// What the command line said; `None` means "not given".
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub config_from_env: bool,
    pub server: Option<String>,
    pub server_from_env: bool,
    pub flows: Vec<PathBuf>,
    pub flows_from_env: bool,
    pub mouse: bool,
    pub clipboard: Option<ClipboardRoute>,
    pub theme: Option<ThemeName>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: String,
        source: crate::limits::ReadError,
    },
    #[error("{path}:{line}:{col}: {message}")]
    Parse {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
}

const APP: &str = "oauth-triage";

fn app_strategy() -> Option<impl AppStrategy> {
    etcetera::choose_app_strategy(etcetera::AppStrategyArgs {
        top_level_domain: "com".into(),
        author: "oauth-triage".into(),
        app_name: APP.into(),
    })
    .ok()
}

/// `$XDG_CONFIG_HOME/oauth-triage` (XDG layout on macOS too, where terminal users expect it).
pub fn config_dir() -> Option<PathBuf> {
    app_strategy().map(|s| s.config_dir())
}

/// Where transcripts are written: `$XDG_STATE_HOME/oauth-triage/transcripts`
/// (`~/.local/state/oauth-triage/transcripts` by default). One place, always: a history of
/// sessions is state in the XDG sense, kept across runs but not configuration.
pub fn transcript_dir() -> Option<PathBuf> {
    app_strategy()
        .and_then(|s| s.state_dir())
        .map(|d| d.join("transcripts"))
}

impl Settings {
    pub fn load(overrides: &Overrides) -> Result<Settings, ConfigError> {
        let default_config_path = config_dir().map(|d| d.join("config.toml"));
        let config_file = match &overrides.config {
            Some(path) => Some(WithOrigin {
                value: path.clone(),
                origin: if overrides.config_from_env {
                    Origin::Env("OAUTH_TRIAGE_CONFIG")
                } else {
                    Origin::Flag
                },
            }),
            None => default_config_path
                .as_ref()
                .filter(|p| p.is_file())
                .map(|p| WithOrigin {
                    value: p.clone(),
                    origin: Origin::Default,
                }),
        };
        let raw = match &config_file {
            Some(file) => read_config(&file.value)?,
            None => RawConfig::default(),
        };

        let server = match &overrides.server {
            Some(s) => Some(WithOrigin {
                value: s.clone(),
                origin: if overrides.server_from_env {
                    Origin::Env("CONNECT_SERVER")
                } else {
                    Origin::Flag
                },
            }),
            None => raw.server.map(from_file),
        };

        let mut flows: Vec<WithOrigin<PathBuf>> = Vec::new();
        if let Some(dir) = raw.flows {
            let dir = resolve_relative(&dir, config_file.as_ref().map(|c| c.value.as_path()));
            flows.push(WithOrigin {
                value: dir,
                origin: Origin::ConfigFile,
            });
        } else if let Some(dir) = config_dir().map(|d| d.join("flows")).filter(|d| d.is_dir()) {
            flows.push(WithOrigin {
                value: dir,
                origin: Origin::Default,
            });
        }
        let flag_origin = if overrides.flows_from_env {
            Origin::Env("OAUTH_TRIAGE_FLOWS")
        } else {
            Origin::Flag
        };
        flows.extend(overrides.flows.iter().map(|p| WithOrigin {
            value: p.clone(),
            origin: flag_origin,
        }));

        let mouse = if overrides.mouse {
            WithOrigin {
                value: true,
                origin: Origin::Flag,
            }
        } else {
            raw.mouse.map_or(default(false), from_file)
        };
        let theme = if let Some(value) = overrides.theme {
            WithOrigin {
                value,
                origin: Origin::Flag,
            }
        } else if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            WithOrigin {
                value: ThemeName::Mono,
                origin: Origin::Env("NO_COLOR"),
            }
        } else {
            raw.theme.map_or(default(ThemeName::Default), from_file)
        };
        Ok(Settings {
            config_file,
            default_config_path,
            server,
            flows,
            clipboard: match overrides.clipboard {
                Some(value) => WithOrigin {
                    value,
                    origin: Origin::Flag,
                },
                None => raw
                    .clipboard
                    .map_or(default(ClipboardRoute::Auto), from_file),
            },
            theme,
            mouse,
        })
    }

    /// Extra flow directories in load order.
    pub fn flow_dirs(&self) -> Vec<PathBuf> {
        self.flows.iter().map(|f| f.value.clone()).collect()
    }
}

fn read_config(path: &Path) -> Result<RawConfig, ConfigError> {
    let shown = path.display().to_string();
    let read_error = |source| ConfigError::Read {
        path: shown.clone(),
        source,
    };
    let bytes = crate::limits::read_regular_file(path, crate::limits::CONFIG_FILE_BYTES)
        .map_err(read_error)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        read_error(crate::limits::ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "it is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )))
    })?;
    toml::from_str(&text).map_err(|e| {
        let (line, col) = crate::kb::source::line_col(&text, e.span().map_or(0, |s| s.start));
        ConfigError::Parse {
            path: shown,
            line,
            col,
            message: e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string(),
        }
    })
}

/// A relative `flows` path in the config file is relative to the file, not the working directory.
fn resolve_relative(path: &Path, config_file: Option<&Path>) -> PathBuf {
    match config_file.and_then(Path::parent) {
        Some(base) if path.is_relative() => base.join(path),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(
            &file,
            "server = \"file.example.com\"\nflows = \"more\"\nmouse = true\n",
        )
        .unwrap();
        let settings = Settings::load(&Overrides {
            config: Some(file.clone()),
            server: Some("flag.example.com".into()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(settings.server.unwrap().value, "flag.example.com");
        assert_eq!(settings.flows[0].value, dir.path().join("more"));
        assert_eq!(
            settings.mouse,
            WithOrigin {
                value: true,
                origin: Origin::ConfigFile
            }
        );
    }

    #[test]
    fn a_broken_config_file_names_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "server = \"x\"\ncolour = \"red\"\n").unwrap();
        let err = Settings::load(&Overrides {
            config: Some(file),
            ..Overrides::default()
        })
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("config.toml:2:1:"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }
}
