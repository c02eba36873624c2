/**
 * The scenario panel and its pieces (for the shell: `ScenarioPanel`, and `Caption` to lay over
 * the cluster).
 *
 * @module
 */
export { ScenarioPanel, type ScenarioPanelProps } from './ScenarioPanel.js';
export { Caption, ExpectationList, ScenarioPlayer } from './ScenarioPlayer.js';
export { CompareView } from './CompareView.js';
export { PresetPicker } from './PresetPicker.js';
export { ScenarioEditor } from './ScenarioEditor.js';
export { ShareControls } from './ShareControls.js';
export { loadScenario, showInStore } from './panel-model.js';
