// The peer's bot, as BotBuilder-Samples' DialogBot: an ActivityHandler that runs the dialog on
// every message and saves the conversation state at the end of each turn.
import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { GuideDialog } from './guideDialog.js';

export class DialogBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: BotState,
    private readonly dialog: GuideDialog
  ) {
    super();
    this.dialogState = this.conversationState.createProperty<DialogState>('DialogState');

    this.onMessage(async (context, next) => {
      await this.dialog.run(context, this.dialogState);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity('Hi, this is a guide for worries about nude or sexual pictures. If you are in danger right now, call 999.');
          await this.dialog.run(context, this.dialogState);
        }
      }
      await next();
    });
  }

  /** Saves any state changes the turn made, after all other handlers (the samples' pattern). */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }
}
