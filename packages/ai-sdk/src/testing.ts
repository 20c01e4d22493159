export { scriptedDriver } from './scripted-driver';
export { type ScriptedModelOptions, type ScriptedStep, scriptedModel } from './scripted-model';
