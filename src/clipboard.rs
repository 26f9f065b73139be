//! Copying text: arboard, OSC 52 and external tools, with an honest report of which worked.
