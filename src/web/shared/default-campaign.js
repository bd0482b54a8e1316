// The campaign a page shows when its address names none: the newest one dialling, else the newest
// (the API lists campaigns oldest first). After a second demo run, say, the campaign at work, not
// the first one ever made.

export function defaultCampaign(campaigns) {
  const running = campaigns.filter((c) => c.status === 'running');
  return (running.length > 0 ? running : campaigns).at(-1);
}
