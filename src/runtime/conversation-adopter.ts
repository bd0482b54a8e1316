// After a crash, the PBX still carries the conversations the crashed run had put through. A
// restarted node takes up those of its own attempts, for campaigns it drives again (see
// core/engine/conversation-adoption.ts): the agent is back on their desktop, talking, and the
// call is hung up, recorded, wrapped up and dispositioned like any other, its attempt closing when
// the conversation really ends. What cannot be taken up is left to finish as before.

import type { Logger } from 'pino';
import { rejectionIn, type Command } from '../core/commands.js';
import type { Input } from '../core/inputs.js';
import type { ConversationToAdopt } from '../adapters/pg/conversation-to-adopt.js';
import type { EngineStore } from './engine-store.js';
import type { TelephonyPort } from './telephony-port.js';

/** An agent's leg and a customer channel bridged together by a crashed run. */
export interface LeftoverConversation {
  agentId: string;
  /** The customer channel's id: its attempt's id, or the channel a person who called back came in on. */
  customerChannelId: string;
  /** The agent had put the customer on hold. */
  held: boolean;
}

/** The PBX side of taking a conversation up. */
export interface ConversationTelephony {
  leftoverConversations(): LeftoverConversation[];
  recordingState(attemptId: string): Promise<string | null>;
  adoptConversation(request: { attemptId: string; customerChannelId: string; inbound: boolean; campaignId: string; agentId: string; recorded: boolean; muted: boolean }): boolean;
}

export interface ConversationAdopterDeps {
  store: Pick<EngineStore, 'conversationToAdopt'>;
  telephony: ConversationTelephony & Pick<TelephonyPort, 'recordingName'>;
  /** The engine's step: the commands it gave, synchronously. */
  submit: (input: Input) => Command[];
  /** The call's recording is the attempt's, to be kept with it when it closes. */
  keepRecording: (attemptId: string, recordingName: string) => void;
  nowMs: () => number;
  logger: Logger;
}

export class ConversationAdopter {
  constructor(private readonly deps: ConversationAdopterDeps) {}

  /** Takes up what it can of `leftovers`; returns the attempts taken up. */
  async adopt(leftovers: readonly LeftoverConversation[]): Promise<Set<string>> {
    const adopted = new Set<string>();
    for (const leftover of leftovers) {
      try {
        const found = await this.deps.store.conversationToAdopt(leftover.customerChannelId, new Date(this.deps.nowMs()));
        if (!found || found.agentId !== leftover.agentId) continue;
        // Not known is taken as recorded: a recording left running would go on into the agent's next calls.
        const recording = await this.deps.telephony.recordingState(found.conversation.attemptId).catch(() => 'unknown');
        if (this.takeUp(found, recording)) adopted.add(found.conversation.attemptId);
      } catch (error: unknown) {
        this.deps.logger.error({ err: error, attemptId: leftover.customerChannelId }, 'taking up a conversation the previous run left failed; it is left to finish');
      }
    }
    if (adopted.size > 0) this.deps.logger.warn({ attempts: [...adopted] }, 'took up conversations the previous run left going on');
    return adopted;
  }

  /** The engine's side and the PBX's together, with nothing between them: refused by either, neither changes. */
  private takeUp(found: ConversationToAdopt, recording: string | null): boolean {
    const { attemptId } = found.conversation;
    const { customerChannelId } = found;
    const going = this.deps.telephony.leftoverConversations().find((c) => c.customerChannelId === customerChannelId && c.agentId === found.agentId);
    if (!going) return false;
    const commands = this.deps.submit({
      type: 'conversation_adopted', agentId: found.agentId, campaignId: found.campaignId, endpoint: found.endpoint, groups: found.groups,
      conversation: { ...found.conversation, recorded: recording !== null, recordingPaused: recording === 'paused', held: going.held },
    });
    const refusal = rejectionIn(commands);
    if (refusal) {
      this.deps.logger.warn({ attemptId, agentId: found.agentId, reason: refusal.message }, 'a conversation the previous run left is not this engine\'s to take up; it is left to finish');
      return false;
    }
    this.deps.telephony.adoptConversation({
      attemptId, customerChannelId, inbound: found.conversation.inbound === true, campaignId: found.conversation.campaignId, agentId: found.agentId, recorded: recording !== null, muted: found.conversation.muted === true,
    });
    if (recording !== null) this.deps.keepRecording(attemptId, this.deps.telephony.recordingName(attemptId));
    return true;
  }
}
