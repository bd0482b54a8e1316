// The operations of the subset the simulated PBX implements, one declaration per resource.

import {
  applicationModels, bridgeModels, channelModels, eventModels, playbackModels, recordingModels, systemModels,
} from './models.js';
import { body, op, path, query, type ResourceDeclaration } from './swagger.js';

const channelId = path('channelId', 'Channel id');
const bridgeId = path('bridgeId', 'Bridge id');
const recordingName = path('recordingName', 'Recording name');
const channelNotFound: [number, string] = [404, 'Channel not found'];
const notInStasis: [number, string] = [409, 'Channel not in a Stasis application'];

const originateParams = [
  query('endpoint', 'Endpoint to call, e.g. Local/5550000@sim-pstn', 'string', true),
  query('extension', 'Extension to go to after answer'),
  query('context', 'Context to go to after answer'),
  query('priority', 'Priority to go to after answer', 'long'),
  query('app', 'Stasis application the channel enters on answer'),
  query('appArgs', 'Comma-separated arguments for the application'),
  query('callerId', 'Caller id, e.g. "Name" <number>'),
  query('timeout', 'Ring timeout in seconds (0: 30 s, -1: none)', 'int'),
  body('variables', 'Channel variables: {"variables": {"NAME": "value"}}'),
  query('otherChannelId', 'Id of the second half of a Local channel'),
];
const originateErrors: [number, string][] = [[400, 'Invalid parameters'], [409, 'Channel id already in use'], [500, 'Allocation failed']];
const mediaParams = [
  query('media', 'Media URIs to play, comma-separated', 'string', true, true),
  query('lang', 'Language of the media'),
];
const muteDirection = query('direction', 'Direction of audio to mute or unmute: both, in, out (default both)');
const muteErrors: [number, string][] = [[400, 'Invalid direction'], channelNotFound, notInStasis];
const snoopParams = [
  query('spy', 'Direction of audio to spy on: none, both, out, in'),
  query('whisper', 'Direction of audio to whisper into: none, both, out, in'),
  query('app', 'Stasis application the snoop channel enters', 'string', true),
  query('appArgs', 'Arguments for the application'),
];

const channels: ResourceDeclaration = {
  name: 'channels',
  description: 'Channel resources',
  models: channelModels,
  apis: [
    { path: '/channels', description: 'Active channels', operations: [
      op('GET', 'list', 'List[Channel]', 'List all active channels.'),
      op('POST', 'originate', 'Channel', 'Create a new channel (originate).',
        [...originateParams, query('channelId', 'Id for the new channel')], originateErrors),
    ] },
    { path: '/channels/{channelId}', description: 'Active channel', operations: [
      op('GET', 'get', 'Channel', 'Channel details.', [channelId], [channelNotFound]),
      op('POST', 'originateWithId', 'Channel', 'Create a new channel with the given id.', [channelId, ...originateParams], originateErrors),
      op('DELETE', 'hangup', 'void', 'Hang up a channel.', [channelId, query('reason_code', 'Q.850 cause'),
        query('reason', 'Reason: normal, busy, congestion, no_answer, ...')], [[400, 'Invalid reason'], channelNotFound]),
    ] },
    { path: '/channels/{channelId}/continue', description: 'Leave Stasis for the dialplan', operations: [
      op('POST', 'continueInDialplan', 'void', 'Exit the application and continue in the dialplan.', [channelId,
        query('context', 'Context'), query('extension', 'Extension'), query('priority', 'Priority', 'int'), query('label', 'Label')],
      [channelNotFound, notInStasis]),
    ] },
    { path: '/channels/{channelId}/answer', description: 'Answer a channel', operations: [
      op('POST', 'answer', 'void', 'Answer a channel.', [channelId], [channelNotFound, notInStasis]),
    ] },
    { path: '/channels/{channelId}/dtmf', description: 'DTMF on a channel', operations: [
      op('POST', 'sendDTMF', 'void', 'DTMF from the far end (the simulator reports it as received).', [channelId,
        query('dtmf', 'Digits'), query('before', 'ms', 'int'), query('between', 'ms', 'int'), query('duration', 'ms', 'int'),
        query('after', 'ms', 'int')], [channelNotFound]),
    ] },
    { path: '/channels/{channelId}/mute', description: 'Mute a channel', operations: [
      op('POST', 'mute', 'void', 'Mute a channel.', [channelId, muteDirection], muteErrors),
      op('DELETE', 'unmute', 'void', 'Unmute a channel.', [channelId, muteDirection], muteErrors),
    ] },
    { path: '/channels/{channelId}/play', description: 'Play media to a channel', operations: [
      op('POST', 'play', 'Playback', 'Start playback of media.', [channelId, ...mediaParams, query('playbackId', 'Playback id')],
        [channelNotFound, notInStasis]),
    ] },
    { path: '/channels/{channelId}/play/{playbackId}', description: 'Play media to a channel', operations: [
      op('POST', 'playWithId', 'Playback', 'Start playback of media with a given id.',
        [channelId, path('playbackId', 'Playback id'), ...mediaParams], [channelNotFound, notInStasis]),
    ] },
    { path: '/channels/{channelId}/variable', description: 'Channel variables', operations: [
      op('GET', 'getChannelVar', 'Variable', 'Get a channel variable.', [channelId, query('variable', 'Name', 'string', true)],
        [[400, 'Missing variable parameter'], [404, 'Channel or variable not found']]),
      op('POST', 'setChannelVar', 'void', 'Set a channel variable.', [channelId, query('variable', 'Name', 'string', true),
        query('value', 'Value')], [[400, 'Missing variable parameter'], channelNotFound]),
    ] },
    { path: '/channels/{channelId}/snoop', description: 'Snoop on a channel', operations: [
      op('POST', 'snoopChannel', 'Channel', 'Start snooping.', [channelId, ...snoopParams, query('snoopId', 'Snoop channel id')],
        [[400, 'Invalid parameters'], channelNotFound]),
    ] },
    { path: '/channels/{channelId}/snoop/{snoopId}', description: 'Snoop on a channel', operations: [
      op('POST', 'snoopChannelWithId', 'Channel', 'Start snooping with a given id.', [channelId, path('snoopId', 'Snoop channel id'), ...snoopParams],
        [[400, 'Invalid parameters'], channelNotFound]),
    ] },
  ],
};

const bridgeParams = [query('type', 'Comma-separated bridge type: mixing, holding'), query('name', 'Name')];
const channelList = query('channel', 'Channel ids, comma-separated', 'string', true, true);
const bridgeNotFound: [number, string] = [404, 'Bridge not found'];

const bridges: ResourceDeclaration = {
  name: 'bridges',
  description: 'Bridge resources',
  models: bridgeModels,
  apis: [
    { path: '/bridges', description: 'Active bridges', operations: [
      op('GET', 'list', 'List[Bridge]', 'List all active bridges.'),
      op('POST', 'create', 'Bridge', 'Create a new bridge.', [...bridgeParams, query('bridgeId', 'Bridge id')]),
    ] },
    { path: '/bridges/{bridgeId}', description: 'Individual bridge', operations: [
      op('POST', 'createWithId', 'Bridge', 'Create a bridge with a given id.', [bridgeId, ...bridgeParams]),
      op('GET', 'get', 'Bridge', 'Bridge details.', [bridgeId], [bridgeNotFound]),
      op('DELETE', 'destroy', 'void', 'Shut down a bridge.', [bridgeId], [bridgeNotFound]),
    ] },
    { path: '/bridges/{bridgeId}/addChannel', description: 'Add a channel to a bridge', operations: [
      op('POST', 'addChannel', 'void', 'Add channels to a bridge.', [bridgeId, channelList, query('role', 'Role')],
        [[400, 'Channel not found'], bridgeNotFound, [422, 'Channel not in Stasis application']]),
    ] },
    { path: '/bridges/{bridgeId}/removeChannel', description: 'Remove a channel from a bridge', operations: [
      op('POST', 'removeChannel', 'void', 'Remove channels from a bridge.', [bridgeId, channelList],
        [[400, 'Channel not found'], bridgeNotFound, [422, 'Channel not in this bridge']]),
    ] },
    { path: '/bridges/{bridgeId}/moh', description: 'Music on hold', operations: [
      op('POST', 'startMoh', 'void', 'Play music on hold to a bridge.', [bridgeId, query('mohClass', 'Class')], [bridgeNotFound]),
      op('DELETE', 'stopMoh', 'void', 'Stop music on hold.', [bridgeId], [bridgeNotFound]),
    ] },
    { path: '/bridges/{bridgeId}/record', description: 'Record a bridge', operations: [
      op('POST', 'record', 'LiveRecording', 'Start a recording of the mixed audio of a bridge.', [bridgeId,
        query('name', 'Recording name', 'string', true), query('format', 'Format, e.g. wav', 'string', true),
        query('maxDurationSeconds', 'Maximum duration', 'int'), query('maxSilenceSeconds', 'Maximum silence', 'int'),
        query('ifExists', 'fail, overwrite or append'), query('beep', 'Beep first', 'boolean'), query('terminateOn', 'DTMF to stop on')],
      [[400, 'Invalid parameters'], bridgeNotFound, [409, 'Recording name in use']]),
    ] },
  ],
};

const playbacks: ResourceDeclaration = {
  name: 'playbacks',
  description: 'Playback control resources',
  models: playbackModels,
  apis: [
    { path: '/playbacks/{playbackId}', description: 'Control a playback', operations: [
      op('GET', 'get', 'Playback', 'Playback details.', [path('playbackId', 'Playback id')], [[404, 'Playback not found']]),
      op('DELETE', 'stop', 'void', 'Stop a playback.', [path('playbackId', 'Playback id')], [[404, 'Playback not found']]),
    ] },
  ],
};

const recordingNotFound: [number, string] = [404, 'Recording not found'];
const recordingNotInSession: [number, string] = [409, 'Recording not in session'];

const recordings: ResourceDeclaration = {
  name: 'recordings',
  description: 'Recording resources',
  models: recordingModels,
  apis: [
    { path: '/recordings/stored', description: 'Stored recordings', operations: [
      op('GET', 'listStored', 'List[StoredRecording]', 'List recordings that are complete.'),
    ] },
    { path: '/recordings/stored/{recordingName}', description: 'A stored recording', operations: [
      op('GET', 'getStored', 'StoredRecording', 'A stored recording\'s details.', [recordingName], [recordingNotFound]),
      op('DELETE', 'deleteStored', 'void', 'Delete a stored recording.', [recordingName], [recordingNotFound]),
    ] },
    { path: '/recordings/stored/{recordingName}/file', description: 'The file of a stored recording', operations: [
      op('GET', 'getStoredFile', 'binary', 'The file of a stored recording.', [recordingName], [recordingNotFound]),
    ] },
    { path: '/recordings/live/{recordingName}', description: 'A live recording', operations: [
      op('GET', 'getLive', 'LiveRecording', 'A live recording\'s details.', [recordingName], [recordingNotFound]),
    ] },
    { path: '/recordings/live/{recordingName}/pause', description: 'Pause a live recording', operations: [
      op('POST', 'pause', 'void', 'Pause a live recording.', [recordingName], [recordingNotFound, recordingNotInSession]),
      op('DELETE', 'unpause', 'void', 'Unpause a live recording.', [recordingName], [recordingNotFound, recordingNotInSession]),
    ] },
    { path: '/recordings/live/{recordingName}/stop', description: 'Stop a live recording', operations: [
      op('POST', 'stop', 'void', 'Stop a live recording and store it.', [recordingName], [recordingNotFound]),
    ] },
  ],
};

const asterisk: ResourceDeclaration = {
  name: 'asterisk',
  description: 'Asterisk resources',
  models: systemModels,
  apis: [
    { path: '/asterisk/info', description: 'System information', operations: [
      op('GET', 'getInfo', 'AsteriskInfo', 'Information about the PBX.', [query('only', 'Sections', 'string', false, true)]),
    ] },
    { path: '/asterisk/ping', description: 'Ping', operations: [op('GET', 'ping', 'AsteriskPing', 'Response pong message.')] },
  ],
};

const applications: ResourceDeclaration = {
  name: 'applications',
  description: 'Stasis application resources',
  models: applicationModels,
  apis: [
    { path: '/applications', description: 'Stasis applications', operations: [
      op('GET', 'list', 'List[Application]', 'List all applications.'),
    ] },
    { path: '/applications/{applicationName}', description: 'Stasis application', operations: [
      op('GET', 'get', 'Application', 'An application\'s details.', [path('applicationName', 'Application name')],
        [[404, 'Application does not exist']]),
    ] },
  ],
};

const events: ResourceDeclaration = {
  name: 'events',
  description: 'WebSocket resource',
  models: eventModels,
  apis: [
    { path: '/events', description: 'Events from the PBX to applications', operations: [{
      ...op('GET', 'eventWebsocket', 'Message', 'WebSocket connection for events.', [
        query('app', 'Applications to subscribe to, comma-separated', 'string', true, true),
        query('subscribeAll', 'Subscribe to all events', 'boolean'),
      ]),
      upgrade: 'websocket',
      websocketProtocol: 'ari',
    }] },
  ],
};

export const resourceDeclarations: ResourceDeclaration[] = [asterisk, channels, bridges, recordings, playbacks, events, applications];
