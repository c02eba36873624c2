// The shell imports CSS and globs the panels folder; Vite's client types declare both.
/// <reference types="vite/client" />
