/** The document's properties: small state (the batch, the commit record), 9 KB per value, 500 KB in all. */
export function props(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getDocumentProperties();
}
