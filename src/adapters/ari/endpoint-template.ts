// Fills a dial string template for a customer: `{number}` is the E.164 number without '+',
// `{e164}` with it. The phone comes from the lead in E.164 form.

export function customerEndpoint(template: string, phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '');
  return template.replaceAll('{number}', digits).replaceAll('{e164}', `+${digits}`);
}
