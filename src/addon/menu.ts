/**
 * The add-on menu. Each item names an exported function of src/addon/main.ts; the build turns every
 * export into a top-level function of the bundle, and the bundle test proves each item is callable.
 * A functionName of "-" is a separator.
 */
export const MENU_TITLE = 'CRM Review Gate';
/** The escape after restoring an earlier version of the spreadsheet on purpose (logTabs.ts, acceptLog). */
export const ACCEPT_LOG_CAPTION = 'Accept the logs as they are…';

export const MENU_ITEMS: readonly { caption: string; functionName: string }[] = [
  { caption: 'Upload CSV…', functionName: 'showUploadDialog' },
  { caption: 'Choose source tab…', functionName: 'chooseSourceTab' },
  { caption: 'Pull approved fields', functionName: 'pullApprovedFields' },
  { caption: 'Run review', functionName: 'runReview' },
  { caption: 'Export approved changes', functionName: 'exportApprovedChanges' },
  { caption: 'Export approved changes again (include earlier exports)', functionName: 'exportApprovedAgain' },
  { caption: 'Refresh summary', functionName: 'refreshSummary' },
  { caption: 'Close batch', functionName: 'closeBatch' },
  { caption: '', functionName: '-' },
  { caption: 'Choose preset…', functionName: 'choosePreset' },
  { caption: 'Export rules as JSON', functionName: 'exportRulesJson' },
  { caption: 'Import rules from JSON…', functionName: 'showImportRulesDialog' },
  { caption: '', functionName: '-' },
  { caption: ACCEPT_LOG_CAPTION, functionName: 'acceptDecisionLog' },
];
