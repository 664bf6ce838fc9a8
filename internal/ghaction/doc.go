// Package ghaction holds the tests of zenv's GitHub Action
// (.github/actions/zenv/action.yml): its structure, its scripts run under
// bash as a runner would run them, and the zenv flags it passes checked
// against the command tree. make e2e runs the whole action under act.
package ghaction
