/**
 * Block Kit's documented limits (https://docs.slack.dev/reference/block-kit/blocks,
 * .../block-elements, .../composition-objects, .../views), written out here from the reference and
 * not taken from the renderer, so the two are checked against each other.
 */
const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  imageAlt: 2000,
  imageUrl: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  /** chat.postMessage: Slack truncates `text` past 40,000 characters and advises 4,000 at most. */
  messageText: 4000,
} as const;

type Json = Record<string, unknown>;

const wellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Every problem with one Block Kit payload (a message's blocks, or a view), as readable strings. */
export function blockKitProblems(payload: { text?: string; blocks: unknown[] }, kind: 'message' | 'view'): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (o: unknown, max: number, where: string) => {
    const t = (o as Json | undefined)?.text;
    check(typeof t === 'string' && t.length >= 1 && t.length <= max, `${where}: text of 1-${max} characters`);
    if (typeof t === 'string') check(wellFormed(t), `${where}: well-formed text`);
  };
  const actionIds = new Set<string>();
  // Slack asks action ids to be unique within a block; the league routes message actions by id alone,
  // so in a message they must be unique throughout.
  const element = (e: Json, where: string, block: number) => {
    if (typeof e.action_id === 'string') {
      const key = kind === 'view' ? `${block}/${e.action_id}` : e.action_id;
      check(e.action_id.length <= LIMITS.actionId, `${where}: action_id length`);
      check(!actionIds.has(key), `${where}: action_id ${e.action_id} unique`);
      actionIds.add(key);
    }
    if (e.type === 'button') {
      text(e.text, LIMITS.buttonText, `${where} button`);
      if (e.value !== undefined) check(String(e.value).length <= LIMITS.buttonValue, `${where}: button value`);
    }
    if (e.type === 'static_select') {
      const options = (e.options as Json[]) ?? [];
      check(options.length >= 1 && options.length <= LIMITS.selectOptions, `${where}: 1-100 options`);
      if (e.placeholder) text(e.placeholder, LIMITS.placeholder, `${where} placeholder`);
      for (const o of options) {
        text(o.text, LIMITS.optionText, `${where} option`);
        check(typeof o.value === 'string' && o.value.length <= LIMITS.optionValue, `${where}: option value`);
      }
    }
    if (e.type === 'plain_text_input' && e.placeholder) text(e.placeholder, LIMITS.placeholder, `${where} placeholder`);
  };
  const blocks = payload.blocks as Json[];
  check(blocks.length <= (kind === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks), `${blocks.length} blocks`);
  if (payload.text !== undefined) text(payload, LIMITS.messageText, 'message');
  blocks.forEach((b, i) => {
    const where = `block ${i} (${b.type})`;
    if (b.block_id !== undefined) check(String(b.block_id).length <= LIMITS.blockId, `${where}: block_id`);
    switch (b.type) {
      case 'section': {
        const fields = b.fields as Json[] | undefined;
        check(Boolean(b.text || fields?.length), `${where}: text or fields`);
        if (b.text) text(b.text, LIMITS.sectionText, where);
        if (fields) {
          check(fields.length <= LIMITS.sectionFields, `${where}: at most 10 fields`);
          for (const f of fields) text(f, LIMITS.fieldText, `${where} field`);
        }
        if (b.accessory) element(b.accessory as Json, where, i);
        break;
      }
      case 'header':
        text(b.text, LIMITS.headerText, where);
        break;
      case 'context': {
        const elements = b.elements as Json[];
        check(elements.length >= 1 && elements.length <= LIMITS.contextElements, `${where}: 1-10 elements`);
        for (const e of elements) if (e.type !== 'image') text(e, LIMITS.sectionText, where);
        break;
      }
      case 'actions': {
        const elements = b.elements as Json[];
        check(elements.length >= 1 && elements.length <= LIMITS.actionsElements, `${where}: 1-25 elements`);
        for (const e of elements) element(e, where, i);
        break;
      }
      case 'image':
        check(String(b.image_url).length <= LIMITS.imageUrl, `${where}: image_url`);
        check(
          typeof b.alt_text === 'string' && b.alt_text.length >= 1 && b.alt_text.length <= LIMITS.imageAlt,
          `${where}: alt_text`,
        );
        break;
      case 'input':
        text(b.label, LIMITS.inputLabel, `${where} label`);
        if (b.hint) text(b.hint, LIMITS.inputHint, `${where} hint`);
        element(b.element as Json, where, i);
        break;
      case 'divider':
        break;
      default:
        problems.push(`${where}: a block type the league does not use`);
    }
  });
  return problems;
}

/** Problems with a modal view beyond its blocks: title, buttons, private metadata, callback id. */
export function modalProblems(view: Json): string[] {
  const problems = blockKitProblems({ blocks: view.blocks as unknown[] }, 'view');
  const short = (o: unknown, where: string) => {
    const t = (o as Json | undefined)?.text;
    if (typeof t !== 'string' || t.length < 1 || t.length > LIMITS.viewTitle)
      problems.push(`${where}: 1-24 characters`);
  };
  short(view.title, 'title');
  if (view.submit) short(view.submit, 'submit');
  if (view.close) short(view.close, 'close');
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMITS.privateMetadata)
    problems.push('private_metadata');
  if (typeof view.callback_id === 'string' && view.callback_id.length > LIMITS.callbackId) problems.push('callback_id');
  return problems;
}
