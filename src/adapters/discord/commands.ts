import {
  SlashCommandBuilder,
  type SlashCommandStringOption,
  type SlashCommandSubcommandBuilder,
} from '@discordjs/builders';
import {
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import {
  MAX_FINALE_PROMPT_CHARS,
  MAX_SYSTEM_PROMPT_CHARS,
  MAX_TRY_QUESTION_CHARS,
  UNDELIVERED_DEFAULT,
  UNDELIVERED_MAX,
  VERDICTS,
} from '../../core/commands';
import { MAX_GENERATE_COUNT, MAX_GENERATION_TEXT } from '../../core/draft-commands';
import { AUTOCOMPLETE } from './commands-names';

const VERDICT_NAMES: Record<(typeof VERDICTS)[number], string> = {
  'A>>B': 'A>>B — the candidate is much better',
  'A>B': 'A>B — the candidate is better',
  'A=B': 'A=B — a tie',
  'B>A': 'B>A — the reference is better',
  'B>>A': 'B>>A — the reference is much better',
};

type Sub = SlashCommandSubcommandBuilder;

const roundOption = (o: SlashCommandStringOption, about = 'Round id (the open round if left out)') =>
  o.setName(AUTOCOMPLETE.round).setDescription(about).setAutocomplete(true).setMaxLength(100);
const submissionOption = (o: SlashCommandStringOption, required: boolean) =>
  o
    .setName(AUTOCOMPLETE.submission)
    .setDescription('Submission id')
    .setAutocomplete(true)
    .setRequired(required)
    .setMaxLength(100);
const withRound = (s: Sub) => s.addStringOption((o) => roundOption(o));
const finalistOption = (o: SlashCommandStringOption) =>
  o.setName('finalist').setDescription('Stage number, member or submission id').setRequired(true).setMaxLength(100);

function submit(s: Sub): Sub {
  return s
    .setName('submit')
    .setDescription('Submit a JSONL dataset to fine-tune and be judged')
    .addAttachmentOption((o) =>
      o.setName('dataset').setDescription('JSON Lines: {"instruction", "response"} or chat rows'),
    )
    .addStringOption((o) => o.setName('draft').setDescription('A reviewed draft instead of a file').setMaxLength(100))
    .addStringOption((o) => roundOption(o))
    .addIntegerOption((o) => o.setName('epochs').setDescription('Training epochs').setMinValue(1).setMaxValue(100))
    .addNumberOption((o) => o.setName('learning_rate').setDescription('Learning rate, e.g. 0.0001').setMinValue(0))
    .addIntegerOption((o) => o.setName('lora_r').setDescription('LoRA rank').setMinValue(1).setMaxValue(1024))
    .addIntegerOption((o) => o.setName('lora_alpha').setDescription('LoRA alpha').setMinValue(1).setMaxValue(4096))
    .addNumberOption((o) =>
      o.setName('lora_dropout').setDescription('LoRA dropout, 0 to 1').setMinValue(0).setMaxValue(1),
    );
}

const draftOption = (o: SlashCommandStringOption) =>
  o.setName('draft').setDescription('Draft id').setRequired(true).setMaxLength(100);

function generate(s: Sub): Sub {
  return s
    .setName('generate')
    .setDescription('Draft instruction–response pairs with a model')
    .addStringOption((o) =>
      o.setName('topic').setDescription('What the pairs are about').setRequired(true).setMaxLength(MAX_GENERATION_TEXT),
    )
    .addIntegerOption((o) =>
      o.setName('count').setDescription('Rows to draft').setMinValue(1).setMaxValue(MAX_GENERATE_COUNT),
    )
    .addStringOption((o) =>
      o.setName('style').setDescription('How responses should read').setMaxLength(MAX_GENERATION_TEXT),
    )
    .addStringOption((o) => roundOption(o));
}

function roundOpen(s: Sub): Sub {
  s.setName('open')
    .setDescription('Open a round (organizers)')
    .addStringOption((o) => o.setName('name').setDescription('Round name').setRequired(true).setMaxLength(100))
    .addStringOption((o) => o.setName('domain').setDescription('What the models are fine-tuned for').setMaxLength(100))
    .addStringOption((o) => o.setName('id').setDescription('Round id (from the name if left out)').setMaxLength(40))
    .addStringOption((o) => o.setName('description').setDescription('Shown in the announcement').setMaxLength(1000))
    .addStringOption((o) => o.setName('deadline').setDescription('YYYY-MM-DD, an ISO time, or days like 14d'))
    .addIntegerOption((o) =>
      o.setName('quota').setDescription('Submissions per member per day').setMinValue(1).setMaxValue(100),
    )
    .addIntegerOption((o) => o.setName('min_rows').setDescription('Fewest dataset rows').setMinValue(1))
    .addIntegerOption((o) => o.setName('max_rows').setDescription('Most dataset rows').setMinValue(1))
    .addNumberOption((o) =>
      o.setName('max_mb').setDescription('Largest dataset in MB').setMinValue(0.001).setMaxValue(1024),
    )
    .addNumberOption((o) =>
      o
        .setName('public')
        .setDescription('Share of questions in the public split (0.3 if left out)')
        .setMinValue(0.05)
        .setMaxValue(0.95),
    )
    .addChannelOption((o) =>
      o
        .setName('channel')
        .setDescription('Announcements and results (this channel if left out)')
        .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
    )
    .addStringOption((o) => o.setName('reference').setDescription('Reference model id'))
    .addStringOption((o) => o.setName('judges').setDescription('Judge model ids, comma-separated'))
    .addIntegerOption((o) =>
      o
        .setName('try_per_day')
        .setDescription('Questions a member may try on their model per day (20 if left out)')
        .setMinValue(0)
        .setMaxValue(1000),
    )
    .addIntegerOption((o) =>
      o.setName('generate_tokens').setDescription('Generator tokens a member a day (0: none)').setMinValue(0),
    )
    .addIntegerOption((o) =>
      o.setName('generate_max').setDescription('Most rows per generate').setMinValue(1).setMaxValue(MAX_GENERATE_COUNT),
    );
  for (const [key, example] of [
    ['epochs', '1-5'],
    ['learning_rate', '0.00001-0.001'],
    ['lora_r', '4-64'],
    ['lora_alpha', '8-128'],
    ['lora_dropout', '0-0.3'],
  ]) {
    s.addStringOption((o) => o.setName(key!).setDescription(`Allowed ${key} range, e.g. ${example}`).setMaxLength(40));
  }
  return s;
}

/** The `/league` command with a subcommand for every command of the league, organizer ones included. */
function leagueCommand(): SlashCommandBuilder {
  const command = new SlashCommandBuilder()
    .setName('league')
    .setDescription('LLM League: fine-tune a small model and beat the reference')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  command
    .addSubcommand((s) => s.setName('help').setDescription('The commands'))
    .addSubcommand((s) => s.setName('rounds').setDescription('Open rounds, their deadlines and limits'))
    .addSubcommand(submit)
    .addSubcommand((s) =>
      s
        .setName('status')
        .setDescription('Where your submission is; your latest if no id')
        .addStringOption((o) => submissionOption(o, false)),
    )
    .addSubcommand((s) => withRound(s.setName('leaderboard').setDescription('Standings with 95% intervals')))
    .addSubcommand((s) =>
      s
        .setName('cancel')
        .setDescription('Stop a submission')
        .addStringOption((o) => submissionOption(o, true)),
    )
    .addSubcommand((s) =>
      s
        .setName('appeal')
        .setDescription('Ask organizers to review one judgment')
        .addStringOption((o) => submissionOption(o, true))
        .addStringOption((o) => o.setName('question').setDescription('Question id').setRequired(true).setMaxLength(100))
        .addStringOption((o) =>
          o.setName('reason').setDescription('Why the judgment is wrong').setRequired(true).setMaxLength(1000),
        ),
    )
    .addSubcommand(generate)
    .addSubcommand((s) =>
      s
        .setName('draft')
        .setDescription('Review a draft: keep or drop each row')
        .addStringOption(draftOption)
        .addIntegerOption((o) => o.setName('page').setDescription('Page of the preview').setMinValue(1)),
    )
    .addSubcommand((s) =>
      s
        .setName('refine')
        .setDescription('Regenerate dropped rows with feedback')
        .addStringOption(draftOption)
        .addStringOption((o) =>
          o.setName('feedback').setDescription('What to change').setRequired(true).setMaxLength(MAX_GENERATION_TEXT),
        )
        .addBooleanOption((o) => o.setName('all').setDescription('Every row, not only the dropped ones')),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('round')
        .setDescription('Rounds (organizers)')
        .addSubcommand(roundOpen)
        .addSubcommand((s) =>
          s
            .setName('questions')
            .setDescription('Load the hidden question set (JSONL: id, category, question, gold)')
            .addAttachmentOption((o) => o.setName('file').setDescription('The questions, JSON Lines').setRequired(true))
            .addStringOption((o) => roundOption(o)),
        )
        .addSubcommand((s) => withRound(s.setName('announce').setDescription('Announce the round in its channel')))
        .addSubcommand((s) => withRound(s.setName('close').setDescription('Stop accepting submissions')))
        .addSubcommand((s) => withRound(s.setName('results').setDescription('Post the final standings'))),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('finale')
        .setDescription('The Grand Finale, live')
        .addSubcommand((s) =>
          s
            .setName('start')
            .setDescription('Start the Grand Finale (organizers)')
            .addStringOption((o) => roundOption(o, 'The round whose finalists compete').setRequired(true))
            .addStringOption((o) =>
              o
                .setName('finalists')
                .setDescription('Members or submission ids; none: the top five of the closed round')
                .setMaxLength(1000),
            ),
        )
        .addSubcommand((s) =>
          s
            .setName('next')
            .setDescription('Put the next prompt to every finalist (organizers)')
            .addStringOption((o) =>
              o.setName('prompt').setDescription('The prompt').setRequired(true).setMaxLength(MAX_FINALE_PROMPT_CHARS),
            ),
        )
        .addSubcommand((s) =>
          s.setName('end').setDescription('Close voting and announce the final standing (organizers)'),
        )
        .addSubcommand((s) =>
          s
            .setName('vote')
            .setDescription('Vote for the best answer to the open prompt (once per prompt)')
            .addStringOption((o) => finalistOption(o)),
        )
        .addSubcommand((s) =>
          s
            .setName('score')
            .setDescription("Experts: score a finalist's answer to the open prompt")
            .addStringOption((o) => finalistOption(o))
            .addIntegerOption((o) =>
              o.setName('score').setDescription('1 to 10').setRequired(true).setMinValue(1).setMaxValue(10),
            )
            .addStringOption((o) =>
              o
                .setName('criterion')
                .setDescription('One rubric criterion; none: all three')
                .addChoices(
                  { name: 'accuracy', value: 'accuracy' },
                  { name: 'coherence', value: 'coherence' },
                  { name: 'domain adaptation', value: 'domain' },
                ),
            ),
        )
        .addSubcommand((s) =>
          s
            .setName('prompt')
            .setDescription("Finalists: your model's system prompt from the next prompt on")
            .addStringOption((o) =>
              o
                .setName('text')
                .setDescription('The system prompt, or clear')
                .setRequired(true)
                .setMaxLength(MAX_SYSTEM_PROMPT_CHARS),
            ),
        ),
    )
    .addSubcommand((s) => withRound(s.setName('runs').setDescription('Your submissions side by side, with a chart')))
    .addSubcommand((s) =>
      s
        .setName('try')
        .setDescription('Ask your trained model and the reference a question; answers and verdict by DM')
        .addStringOption((o) => submissionOption(o, true))
        .addStringOption((o) =>
          o.setName('question').setDescription('The question').setRequired(true).setMaxLength(MAX_TRY_QUESTION_CHARS),
        ),
    )
    .addSubcommandGroup((g) =>
      g
        .setName('calibrate')
        .setDescription('Check the judge: label blind pairs of answers')
        .addSubcommand((s) =>
          withRound(s.setName('pair').setDescription('A blind pair to label, by DM (members: closed rounds)')),
        )
        .addSubcommand((s) => s.setName('join').setDescription('Join the people who check the judge')),
    )
    .addSubcommand((s) =>
      withRound(s.setName('calibration').setDescription('How often the judge agrees with people (organizers)')),
    )
    .addSubcommand((s) =>
      s
        .setName('override')
        .setDescription('Replace a judgment (organizers; the candidate is A)')
        .addStringOption((o) => submissionOption(o, true))
        .addStringOption((o) => o.setName('question').setDescription('Question id').setRequired(true).setMaxLength(100))
        .addStringOption((o) =>
          o
            .setName('verdict')
            .setDescription('The new verdict')
            .setRequired(true)
            .addChoices(...VERDICTS.map((v) => ({ name: VERDICT_NAMES[v], value: v }))),
        ),
    )
    .addSubcommand((s) => withRound(s.setName('export').setDescription('CSV of every submission (organizers)')))
    .addSubcommand((s) =>
      s
        .setName('audit')
        .setDescription('The last entries of the audit log as CSV (organizers)')
        .addIntegerOption((o) =>
          o.setName('entries').setDescription('How many (default 200)').setMinValue(1).setMaxValue(5000),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('undelivered')
        .setDescription('Undelivered messages (organizers)')
        .addIntegerOption((o) =>
          o
            .setName('messages')
            .setDescription(`How many (default ${UNDELIVERED_DEFAULT})`)
            .setMinValue(1)
            .setMaxValue(UNDELIVERED_MAX),
        ),
    );
  return command;
}

/** The command set as the registration endpoint takes it. */
export const leagueCommands = (): RESTPostAPIChatInputApplicationCommandsJSONBody[] => [leagueCommand().toJSON()];
