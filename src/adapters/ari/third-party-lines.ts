// The lines to third parties agents call about their customers (see third-party-call.ts in the
// core): one per call at most, registered before its originate, and its ARI events as core
// inputs. Answered, the line joins the agent's bridge before the core hears of it, so the agent
// is never told to speak to a line that is not there. A line replaced by a later one on the same
// call (ended, then called again) ends quietly.

import type { Input } from '../../core/inputs.js';
import type { AriEvent } from './ari-events.js';
import { channelHalf, thirdPartyChannelId } from './channel-ids.js';
import { unansweredLineText } from './unanswered-line-text.js';

export interface ThirdPartyLine {
  attemptId: string;
  agentId: string;
  channelId: string;
  /** Its originate was answered: from then on the PBX has its channel while it lasts. */
  originated: boolean;
  answered: boolean;
  /** The last Dial status seen for it (BUSY...): a Local channel's own end may carry no cause. */
  dialStatus: string;
}

export interface ThirdPartyLinesOptions {
  emit: (input: Input) => void;
  /** The line answered: put it with the agent, then report third_party_answered (or hang it up). */
  onAnswered: (line: ThirdPartyLine) => void;
}

export class ThirdPartyLines {
  private readonly byAttempt = new Map<string, ThirdPartyLine>();
  private readonly byChannel = new Map<string, ThirdPartyLine>();
  private seq = Date.now();

  constructor(private readonly options: ThirdPartyLinesOptions) {}

  register(attemptId: string, agentId: string): ThirdPartyLine {
    const line: ThirdPartyLine = { attemptId, agentId, channelId: thirdPartyChannelId(attemptId, ++this.seq), originated: false, answered: false, dialStatus: '' };
    this.byAttempt.set(attemptId, line);
    this.byChannel.set(line.channelId, line);
    return line;
  }

  forCall(attemptId: string): ThirdPartyLine | undefined {
    return this.byAttempt.get(attemptId);
  }

  channels(): ThirdPartyLine[] {
    return [...this.byChannel.values()];
  }

  /** The line is gone (`reason` says how, for the agent): the core hears it if it is the call's current line. */
  end(line: ThirdPartyLine, reason: string): void {
    if (this.byChannel.get(line.channelId) !== line) return;
    this.byChannel.delete(line.channelId);
    if (this.byAttempt.get(line.attemptId) !== line) return;
    this.byAttempt.delete(line.attemptId);
    this.options.emit({ type: 'third_party_ended', attemptId: line.attemptId, reason });
  }

  reportAnswered(line: ThirdPartyLine): void {
    if (this.byAttempt.get(line.attemptId) === line) this.options.emit({ type: 'third_party_answered', attemptId: line.attemptId });
  }

  handle(event: AriEvent): boolean {
    if (event.type === 'Dial') return this.onDial(event.peer.id, event.dialstatus);
    if (!('channel' in event)) return false;
    const { baseId, half } = channelHalf(event.channel.id);
    const line = this.byChannel.get(baseId);
    if (!line) return false;
    if (half === 2) return true;
    if (event.type === 'ChannelDestroyed') this.end(line, line.answered ? 'hung up' : unansweredLineText(event.cause, line.dialStatus));
    else if (event.type === 'StasisStart' && !line.answered) {
      line.answered = true;
      this.options.onAnswered(line);
    }
    return true;
  }

  private onDial(peerId: string, dialStatus: string): boolean {
    const line = this.byChannel.get(channelHalf(peerId).baseId);
    if (!line) return false;
    if (dialStatus !== '') line.dialStatus = dialStatus;
    return true;
  }
}
