// Data models of the subset the simulated PBX implements, including every event type it sends
// (ari-client looks each incoming event up among the events models).

import { model, type SwaggerModel } from './swagger.js';

export const channelModels: SwaggerModel[] = [
  model('CallerID', 'Caller identification', { name: 'string', number: 'string' }),
  model('DialplanCEP', 'Dialplan location (context/extension/priority)', {
    context: 'string', exten: 'string', priority: 'long', app_name: 'string', app_data: 'string',
  }),
  model('Channel', 'A specific communication connection between Asterisk and an Endpoint.', {
    id: 'string', name: 'string', state: 'string', protocol_id: 'string', caller: 'CallerID', connected: 'CallerID',
    accountcode: 'string', dialplan: 'DialplanCEP', creationtime: 'Date', language: 'string',
  }),
  model('Variable', 'The value of a channel variable', { value: 'string' }),
];

export const bridgeModels: SwaggerModel[] = [
  model('Bridge', 'The merging of media from one or more channels.', {
    id: 'string', technology: 'string', bridge_type: 'string', bridge_class: 'string', creator: 'string',
    name: 'string', channels: 'List[string]', creationtime: 'Date', video_mode: 'string?',
  }),
];

export const playbackModels: SwaggerModel[] = [
  model('Playback', 'Object representing the playback of media to a channel', {
    id: 'string', media_uri: 'string', 'next_media_uri?': 'string', target_uri: 'string', 'language?': 'string', state: 'string',
  }),
];

export const recordingModels: SwaggerModel[] = [
  model('LiveRecording', 'A recording that is in progress', {
    name: 'string', format: 'string', target_uri: 'string', state: 'string', 'duration?': 'int', 'cause?': 'string',
  }),
  model('StoredRecording', 'A past recording that may be played back.', { name: 'string', format: 'string' }),
];

export const systemModels: SwaggerModel[] = [
  model('AsteriskInfo', 'Asterisk system information', {
    'build?': 'object', 'system?': 'object', 'config?': 'object', 'status?': 'object',
  }),
  model('AsteriskPing', 'Asterisk ping information', { asterisk_id: 'string', ping: 'string', timestamp: 'string' }),
];

export const applicationModels: SwaggerModel[] = [
  model('Application', 'Details of a Stasis application', {
    name: 'string', channel_ids: 'List[string]', bridge_ids: 'List[string]', endpoint_ids: 'List[string]',
    device_names: 'List[string]', events_allowed: 'List[object]', events_disallowed: 'List[object]',
  }),
];

const eventBase = { 'asterisk_id?': 'string', application: 'string', timestamp: 'Date' };
const channelEvent = (id: string, description: string, fields: Record<string, string> = {}): SwaggerModel =>
  model(id, description, { ...eventBase, channel: 'Channel', ...fields }, { extends: 'Event' });
const bareEvent = (id: string, description: string, fields: Record<string, string>): SwaggerModel =>
  model(id, description, { ...eventBase, ...fields }, { extends: 'Event' });

const eventTypes: SwaggerModel[] = [
  channelEvent('StasisStart', 'A channel entered a Stasis application', { args: 'List[string]', 'replace_channel?': 'Channel' }),
  channelEvent('StasisEnd', 'A channel left a Stasis application'),
  channelEvent('ChannelStateChange', 'The state of a channel changed'),
  channelEvent('ChannelDestroyed', 'A channel was destroyed', { cause: 'int', cause_txt: 'string' }),
  channelEvent('ChannelHangupRequest', 'A hang-up was requested on a channel', { 'cause?': 'int', 'soft?': 'boolean' }),
  channelEvent('ChannelVarset', 'A channel variable changed', { variable: 'string', value: 'string' }),
  channelEvent('ChannelDtmfReceived', 'A DTMF digit was received on a channel', { digit: 'string', duration_ms: 'int' }),
  channelEvent('ChannelTalkingStarted', 'Talking was detected on the channel'),
  channelEvent('ChannelTalkingFinished', 'Talking is no longer detected on the channel', { duration: 'int' }),
  channelEvent('ChannelDialplan', 'A channel changed its dialplan location', { dialplan_app: 'string', dialplan_app_data: 'string' }),
  channelEvent('ChannelCallerId', 'A channel changed its caller id', { caller_presentation: 'int', caller_presentation_txt: 'string' }),
  channelEvent('ChannelConnectedLine', 'A channel changed its connected line'),
  channelEvent('ChannelEnteredBridge', 'A channel entered a bridge', { bridge: 'Bridge' }),
  channelEvent('ChannelLeftBridge', 'A channel left a bridge', { bridge: 'Bridge' }),
  bareEvent('Dial', 'Dialing state changed', {
    'caller?': 'Channel', peer: 'Channel', 'forward?': 'string', 'forwarded?': 'Channel', 'dialstring?': 'string', dialstatus: 'string',
  }),
  bareEvent('BridgeDestroyed', 'A bridge was destroyed', { bridge: 'Bridge' }),
  bareEvent('PlaybackStarted', 'A playback started', { playback: 'Playback' }),
  bareEvent('PlaybackContinuing', 'A playback moved on to its next media item', { playback: 'Playback' }),
  bareEvent('PlaybackFinished', 'A playback ended', { playback: 'Playback' }),
  bareEvent('RecordingStarted', 'A recording started', { recording: 'LiveRecording' }),
  bareEvent('RecordingFinished', 'A recording ended', { recording: 'LiveRecording' }),
  bareEvent('RecordingFailed', 'A recording failed', { recording: 'LiveRecording' }),
  bareEvent('ApplicationReplaced', 'Another WebSocket took over this application', {}),
];

export const eventModels: SwaggerModel[] = [
  model('Message', 'Base type for messages on the events WebSocket', { type: 'string', 'asterisk_id?': 'string' },
    { subTypes: ['Event'] }),
  model('Event', 'Base type for asynchronous events from the PBX', { application: 'string', timestamp: 'Date' },
    { extends: 'Message', subTypes: eventTypes.map((m) => m.id) }),
  ...eventTypes,
];
