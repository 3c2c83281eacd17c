// The peer's dialog, as BotBuilder-Samples' multi-turn-prompt and core-bot samples build one: a
// ComponentDialog whose waterfall asks who is asking and how old they are with ChoicePrompts, then
// answers with a message and a hero card for a service. It answers far less than the guide (one
// card, no understanding of free text, no urgent help): it is the cost of a turn of the usual kind.
import { CardFactory, MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  WaterfallDialog,
  type Choice,
  type DialogState,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext
} from 'botbuilder-dialogs';

const GUIDE_DIALOG = 'guideDialog';
const WATERFALL_DIALOG = 'waterfallDialog';
const WHO_PROMPT = 'whoPrompt';
const AGE_PROMPT = 'agePrompt';

const WHO: Choice[] = [
  { value: 'parent', action: { type: 'imBack', title: "I'm a parent or carer", value: 'parent' } },
  { value: 'young-person', action: { type: 'imBack', title: "I'm a young person", value: 'young-person' } },
  { value: 'professional', action: { type: 'imBack', title: 'I work with children', value: 'professional' } },
  { value: 'adult', action: { type: 'imBack', title: "I'm an adult and it's about me", value: 'adult' } }
];

const AGE: Choice[] = [
  { value: 'under-13', action: { type: 'imBack', title: '12 or under', value: 'under-13' } },
  { value: '13-17', action: { type: 'imBack', title: '13 to 17', value: '13-17' } },
  { value: '18-plus', action: { type: 'imBack', title: '18 or over', value: '18-plus' } }
];

interface Answers {
  who?: string;
  age?: string;
}

export class GuideDialog extends ComponentDialog {
  constructor() {
    super(GUIDE_DIALOG);
    this.addDialog(new ChoicePrompt(WHO_PROMPT));
    this.addDialog(new ChoicePrompt(AGE_PROMPT));
    this.addDialog(
      new WaterfallDialog(WATERFALL_DIALOG, [this.whoStep.bind(this), this.ageStep.bind(this), this.answerStep.bind(this)])
    );
    this.initialDialogId = WATERFALL_DIALOG;
  }

  /** The samples' helper: continue the active dialog, or begin this one. */
  async run(turnContext: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(turnContext);
    const results = await dialogContext.continueDialog();
    if (results.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
  }

  private async whoStep(stepContext: WaterfallStepContext<Answers>): Promise<DialogTurnResult> {
    return stepContext.prompt(WHO_PROMPT, {
      prompt: 'Who is asking? This helps me give the right advice.',
      retryPrompt: 'Please pick one of these, so I can give the right advice.',
      choices: WHO,
      style: ListStyle.suggestedAction
    });
  }

  private async ageStep(stepContext: WaterfallStepContext<Answers>): Promise<DialogTurnResult> {
    const who = (stepContext.result as FoundChoice).value;
    stepContext.options.who = who;
    if (who === 'professional' || who === 'adult') return stepContext.next();
    return stepContext.prompt(AGE_PROMPT, {
      prompt: who === 'parent' ? 'How old is your child? A rough age is all I need.' : 'How old are you? A rough age is all I need.',
      retryPrompt: 'Please pick an age band.',
      choices: AGE,
      style: ListStyle.suggestedAction
    });
  }

  private async answerStep(stepContext: WaterfallStepContext<Answers>): Promise<DialogTurnResult> {
    const answers = stepContext.options;
    answers.age = (stepContext.result as FoundChoice | undefined)?.value;
    const young = answers.who === 'young-person' || answers.age === 'under-13' || answers.age === '13-17';
    const card = young
      ? CardFactory.heroCard(
          'Report Remove (Childline and the IWF)',
          'Helps you try to get a nude photo or video of you taken off the internet. Experts check it and work to stop it being shared again.',
          undefined,
          CardFactory.actions([
            { type: 'openUrl', title: 'Report Remove website', value: 'https://www.childline.org.uk/remove' },
            { type: 'call', title: 'Call Childline on 0800 1111', value: 'tel:08001111' }
          ])
        )
      : CardFactory.heroCard(
          'StopNCII.org',
          'Makes a digital fingerprint of an intimate image on your own device, so sites that take part can block it.',
          undefined,
          CardFactory.actions([{ type: 'openUrl', title: 'StopNCII.org website', value: 'https://stopncii.org/' }])
        );
    await stepContext.context.sendActivity(
      'It is not your fault. Act quickly, because that helps stop it spreading. This service can help get it removed.'
    );
    const reply = MessageFactory.attachment(card);
    reply.suggestedActions = { to: [], actions: CardFactory.actions(['Start again', 'Something else']) };
    await stepContext.context.sendActivity(reply);
    return stepContext.endDialog(answers);
  }
}
