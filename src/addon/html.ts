/**
 * The add-on's dialogs and sidebar, as HTML strings for HtmlService. Every value that comes from a
 * workbook (header names, counts, messages) is escaped; the client scripts talk to the server only
 * through google.script.run, and read files in the browser so no Drive scope is needed.
 */
import type { InputSafetyReport } from '../core/intake/pull';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `<style>body{font:13px/1.45 Arial,sans-serif;margin:12px;color:#202124}h3{margin:0 0 8px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e0e0e0;padding:3px 4px;text-align:left;vertical-align:top;overflow-wrap:anywhere}.muted{color:#5f6368}.bad{color:#b3261e}button{margin-top:8px}textarea{width:100%;box-sizing:border-box;font:12px monospace}progress{width:100%}</style>`;

export function safetyReportHtml(report: InputSafetyReport, heading: string): string {
  const rows = (pairs: [string, string][]): string => pairs.map(([a, b]) => `<tr><td>${escapeHtml(a)}</td><td>${escapeHtml(b)}</td></tr>`).join('');
  const masked = Object.entries(report.valuesMasked);
  return `${STYLE}<h3>Input safety report</h3><p class="muted">${escapeHtml(heading)}</p>
<table>${rows([
    ['Rows read', String(report.rowsRead)],
    ['Columns kept', String(report.columnsKept.length)],
    ['Columns dropped', String(report.columnsDropped.length)],
    ['Values masked', String(masked.reduce((n, [, v]) => n + v, 0))],
  ])}</table>
<h4>Dropped columns</h4><table>${report.columnsDropped.length ? rows(report.columnsDropped.map((d) => [d.header, d.reason])) : '<tr><td class="muted">none</td></tr>'}</table>
<h4>Masked values (per column)</h4><table>${masked.length ? rows(masked.map(([h, n]) => [h, `${n} masked`])) : '<tr><td class="muted">none</td></tr>'}</table>
<h4>Kept columns</h4><p>${report.columnsKept.map(escapeHtml).join(', ')}</p>
${report.warnings.length ? `<h4>Warnings</h4><ul>${report.warnings.map((w) => `<li class="bad">${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
<p class="muted">Masked cells say why, never what. Only kept columns reach the Records, Review, log and export.</p>`;
}

/** Shared client helper: google.script.run as a promise. */
const RUN_JS = `function run(name,args){return new Promise(function(ok,fail){var r=google.script.run.withSuccessHandler(ok).withFailureHandler(function(e){fail(e&&e.message?e.message:String(e))});r[name].apply(r,args)})}
function $(id){return document.getElementById(id)}
function say(t){$('status').textContent=t}`;

/** The upload dialog is its own file, built by scripts/build.mjs from src/addon/client/ (HtmlService file name). */
export const UPLOAD_DIALOG_FILE = 'UploadDialog';

export function rulesJsonDialogHtml(json: string): string {
  return `${STYLE}<p>The Rules tab as JSON, the same format the CLI takes with <code>--rules</code>.</p>
<textarea id="json" rows="22" readonly>${escapeHtml(json)}</textarea><br><button id="dl">Download rules.json</button>
<script>document.getElementById('dl').addEventListener('click',function(){var b=new Blob([document.getElementById('json').value],{type:'application/json'});var a=document.createElement('a');a.href=URL.createObjectURL(b);a.download='rules.json';document.body.appendChild(a);a.click();a.remove()});</script>`;
}

export function importRulesDialogHtml(): string {
  return `${STYLE}<p>Paste a rules JSON file (or choose one). It is validated before it replaces the Rules tab.</p>
<input type="file" id="file" accept=".json,application/json"><textarea id="json" rows="18"></textarea><br><button id="go">Import rules</button><p id="status" class="muted"></p>
<script>${RUN_JS}
$('file').addEventListener('change',async function(){var f=$('file').files[0];if(f)$('json').value=await f.text()});
async function importRules(){$('go').disabled=true;try{say(await run('importRulesJson',[$('json').value]))}catch(e){say(String(e))}finally{$('go').disabled=false}}
$('go').addEventListener('click',importRules);
</script>`;
}
