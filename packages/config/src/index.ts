export { loadConfig, configTable, ConfigError, type Config } from './config.js';
export { settings, type Setting, type SettingName } from './settings.js';
