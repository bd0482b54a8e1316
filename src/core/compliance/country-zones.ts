// Countries that keep one civil time everywhere (or all but remote islands), so the region of a
// phone number decides the zone. Countries spanning zones (US, CA, MX, BR, RU, AU, ID, and Spain
// and Portugal with their Atlantic islands...) are absent; NANP numbers go through the area-code tables, Australian and Brazilian ones through
// multi-zone-country-numbers.ts instead. Territories that share a country's calling code are
// here too (Guernsey, Jersey and Man in +44, Åland in +358): their numbers come tagged with them.

export const singleZoneCountries: Readonly<Record<string, string>> = {
  GB: 'Europe/London', IE: 'Europe/Dublin', FR: 'Europe/Paris', DE: 'Europe/Berlin', IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', LU: 'Europe/Luxembourg',
  CH: 'Europe/Zurich', AT: 'Europe/Vienna', DK: 'Europe/Copenhagen', SE: 'Europe/Stockholm', NO: 'Europe/Oslo',
  FI: 'Europe/Helsinki', PL: 'Europe/Warsaw', CZ: 'Europe/Prague', GR: 'Europe/Athens', IL: 'Asia/Jerusalem',
  AE: 'Asia/Dubai', IN: 'Asia/Kolkata', CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong', SG: 'Asia/Singapore',
  JP: 'Asia/Tokyo', KR: 'Asia/Seoul', PH: 'Asia/Manila', NZ: 'Pacific/Auckland', ZA: 'Africa/Johannesburg',
  PR: 'America/Puerto_Rico', JM: 'America/Jamaica', DO: 'America/Santo_Domingo', TT: 'America/Port_of_Spain',
  GG: 'Europe/Guernsey', JE: 'Europe/Jersey', IM: 'Europe/Isle_of_Man', AX: 'Europe/Mariehamn', VA: 'Europe/Vatican',
  SJ: 'Arctic/Longyearbyen', HU: 'Europe/Budapest', RO: 'Europe/Bucharest', BG: 'Europe/Sofia', SK: 'Europe/Bratislava',
  SI: 'Europe/Ljubljana', HR: 'Europe/Zagreb', LT: 'Europe/Vilnius', LV: 'Europe/Riga', EE: 'Europe/Tallinn',
  IS: 'Atlantic/Reykjavik', MT: 'Europe/Malta', TR: 'Europe/Istanbul', SA: 'Asia/Riyadh', TW: 'Asia/Taipei',
  TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', MY: 'Asia/Kuala_Lumpur', EG: 'Africa/Cairo', NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi', MA: 'Africa/Casablanca',
  // The rest of the North American plan: US territories and Caribbean countries (+1, tagged with
  // their own region), and Australia's external territories.
  GU: 'Pacific/Guam', MP: 'Pacific/Saipan', AS: 'Pacific/Pago_Pago', VI: 'America/St_Thomas', BM: 'Atlantic/Bermuda',
  BS: 'America/Nassau', KY: 'America/Cayman', TC: 'America/Grand_Turk', BB: 'America/Barbados', AG: 'America/Antigua',
  AI: 'America/Anguilla', DM: 'America/Dominica', GD: 'America/Grenada', KN: 'America/St_Kitts', LC: 'America/St_Lucia',
  MS: 'America/Montserrat', SX: 'America/Lower_Princes', VC: 'America/St_Vincent', VG: 'America/Tortola',
  CX: 'Indian/Christmas', CC: 'Indian/Cocos', NF: 'Pacific/Norfolk',
};
