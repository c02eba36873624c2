// Panels import their stylesheet (panels.css); Vite's client types declare CSS modules.
/// <reference types="vite/client" />
