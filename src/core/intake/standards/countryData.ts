/**
 * Countries: ISO 3166-1 alpha-2 codes (alpha-3 codes are left out: CRMs store names or alpha-2, and
 * the bundle budget is tight); the name is the English short name of Unicode CLDR
 * (as Node's Intl.DisplayNames gives it, with "and" for "&", "Saint" for "St.", and the usual English name
 * where CLDR's is a disambiguation such as "Congo - Kinshasa" or "Hong Kong SAR China"); variants from the
 * i18n-iso-countries package (MIT) plus a few common ones (Holland, England) and the names a country gives itself that exports often hold (Deutschland, Brasil, Italia, Nederland, Sverige…) and the names of the commonest CRM countries in German, French, Spanish, Italian, Dutch and Portuguese
 * (Vereinigte Staaten, Allemagne, Países Bajos: localised exports hold them), and a few
 * ISO 3166 English short names people paste from ISO lists ("Viet Nam", "Iran, Islamic Republic of"). Phone:
 * country calling code and national (trunk) prefix per country, from Google's libphonenumber metadata
 * (as shipped by libphonenumber-js 1.13.16). Generated once; edit by hand.
 * Line format: AA[+calling code][/national prefix] | name | variants...
 */
export const COUNTRY_DATA = `AD+376|Andorra
AE+971/0|United Arab Emirates|UAE|Vereinigte Arabische Emirate|Émirats arabes unis|Emiratos Árabes Unidos|Emirati Arabi Uniti
AF+93/0|Afghanistan
AG+1/1|Antigua and Barbuda
AI+1/1|Anguilla
AL+355/0|Albania
AM+374/0|Armenia
AO+244|Angola
AQ|Antarctica
AR+54/0|Argentina|Argentinien|Argentine|Argentinië
AS+1/1|American Samoa
AT+43/0|Austria|Österreich|Autriche|Oostenrijk
AU+61/0|Australia|Australien|Australie
AW+297|Aruba
AX+358/0|Åland Islands
AZ+994/0|Azerbaijan
BA+387/0|Bosnia and Herzegovina
BB+1/1|Barbados
BD+880/0|Bangladesh
BE+32/0|Belgium|België|Belgique|Belgien|Bélgica|Belgio
BF+226|Burkina Faso
BG+359/0|Bulgaria
BH+973|Bahrain
BI+257|Burundi
BJ+229|Benin
BL+590/0|Saint Barthélemy
BM+1/1|Bermuda
BN+673|Brunei|Brunei Darussalam
BO+591/0|Bolivia|Bolivia, Plurinational State of
BQ+599|Caribbean Netherlands|Bonaire, Sint Eustatius and Saba
BR+55/0|Brazil|Brasil|Brasilien|Brésil|Brasile|Brazilië
BS+1/1|Bahamas|The Bahamas
BT+975|Bhutan
BV|Bouvet Island
BW+267|Botswana
BY+375/8|Belarus
BZ+501|Belize
CA+1/1|Canada|Kanada
CC+61/0|Cocos (Keeling) Islands
CD+243/0|Democratic Republic of the Congo|Congo - Kinshasa
CF+236|Central African Republic
CG+242|Republic of the Congo|Congo - Brazzaville
CH+41/0|Switzerland|Schweiz|Suisse|Svizzera|Suiza|Zwitserland|Suíça
CI+225|Côte d'Ivoire|Ivory Coast
CK+682|Cook Islands
CL+56|Chile
CM+237|Cameroon
CN+86/0|China|People's Republic of China|PRC|Mainland China|中国|中華人民共和国|中华人民共和国|Chine|Cina
CO+57/0|Colombia
CR+506|Costa Rica
CU+53/0|Cuba
CV+238|Cape Verde
CW+599|Curaçao
CX+61/0|Christmas Island
CY+357|Cyprus
CZ+420|Czechia|Czech Republic|Česko|Česká republika|Tschechien|Tchéquie|Chequia|Cechia|Tsjechië
DE+49/0|Germany|Deutschland|Allemagne|Alemania|Germania|Duitsland|Alemanha
DJ+253|Djibouti
DK+45|Denmark|Danmark|Dänemark|Dinamarca|Danimarca|Denemarken
DM+1/1|Dominica
DO+1/1|Dominican Republic
DZ+213/0|Algeria
EC+593/0|Ecuador
EE+372|Estonia
EG+20/0|Egypt
EH+212/0|Western Sahara
ER+291/0|Eritrea
ES+34|Spain|España|Spanien|Espagne|Spagna|Spanje|Espanha
ET+251/0|Ethiopia
FI+358/0|Finland|Suomi|Finnland|Finlande|Finlandia
FJ+679|Fiji
FK+500|Falkland Islands|Falkland Islands (Malvinas)
FM+691|Micronesia|Micronesia, Federated States of
FO+298|Faroe Islands
FR+33/0|France|Frankreich|Francia|Frankrijk|França
GA+241|Gabon
GB+44/0|United Kingdom|UK|Great Britain|England|Scotland|Wales|Northern Ireland|N. Ireland|Britain|Vereinigtes Königreich|Großbritannien|Royaume-Uni|Grande-Bretagne|Reino Unido|Gran Bretaña|Regno Unito|Verenigd Koninkrijk
GD+1/1|Grenada
GE+995/0|Georgia
GF+594/0|French Guiana
GG+44/0|Guernsey
GH+233/0|Ghana
GI+350|Gibraltar
GL+299|Greenland
GM+220|Gambia|Republic of The Gambia|The Gambia
GN+224|Guinea
GP+590/0|Guadeloupe
GQ+240|Equatorial Guinea
GR+30|Greece|Griechenland|Grèce|Grecia|Griekenland
GS|South Georgia and the South Sandwich Islands
GT+502|Guatemala
GU+1/1|Guam
GW+245|Guinea-Bissau
GY+592|Guyana
HK+852|Hong Kong|Hong Kong SAR China|Hong Kong SAR|香港
HM|Heard Island and McDonald Islands
HN+504|Honduras
HR+385/0|Croatia|Hrvatska
HT+509|Haiti
HU+36/06|Hungary|Magyarország|Ungarn|Hongrie|Hungría|Ungheria|Hongarije
ID+62/0|Indonesia
IE+353/0|Ireland|Éire|Republic of Ireland|Irland|Irlande|Irlanda|Ierland
IL+972/0|Israel
IM+44/0|Isle of Man
IN+91/0|India|Indien|Inde
IO+246|British Indian Ocean Territory
IQ+964/0|Iraq
IR+98/0|Iran|Islamic Republic of Iran|Iran, Islamic Republic of
IS+354|Iceland
IT+39|Italy|Italia|Italien|Italie
JE+44/0|Jersey
JM+1/1|Jamaica
JO+962/0|Jordan
JP+81/0|Japan|日本|Japon|Giappone|Japão
KE+254/0|Kenya
KG+996/0|Kyrgyzstan
KH+855/0|Cambodia
KI+686/0|Kiribati
KM+269|Comoros
KN+1/1|Saint Kitts and Nevis
KP+850/0|North Korea|Korea, Democratic People's Republic of
KR+82/0|South Korea|Korea, Republic of|Republic of Korea|Korea|S. Korea|대한민국|한국|韩国|韓国|Südkorea|Corée du Sud|Corea del Sur|Corea del Sud|Zuid-Korea
KW+965|Kuwait
KY+1/1|Cayman Islands
KZ+7/8|Kazakhstan
LA+856/0|Laos|Lao People's Democratic Republic
LB+961/0|Lebanon
LC+1/1|Saint Lucia
LI+423/0|Liechtenstein
LK+94/0|Sri Lanka
LR+231/0|Liberia
LS+266|Lesotho
LT+370/0|Lithuania
LU+352|Luxembourg|Luxemburg|Luxemburgo|Lussemburgo
LV+371|Latvia
LY+218/0|Libya
MA+212/0|Morocco
MC+377/0|Monaco
MD+373/0|Moldova|Moldova, Republic of
ME+382/0|Montenegro
MF+590/0|Saint Martin|Saint Martin (French part)
MG+261/0|Madagascar
MH+692/1|Marshall Islands
MK+389/0|North Macedonia|The Republic of North Macedonia
ML+223|Mali
MM+95/0|Myanmar
MN+976/0|Mongolia
MO+853|Macao|Macao SAR China|Macau|Macao SAR|Macau SAR|澳門
MP+1/1|Northern Mariana Islands
MQ+596/0|Martinique
MR+222|Mauritania
MS+1/1|Montserrat
MT+356|Malta
MU+230|Mauritius
MV+960|Maldives
MW+265/0|Malawi
MX+52|Mexico|Mexiko|Mexique|Messico
MY+60/0|Malaysia
MZ+258|Mozambique
NA+264/0|Namibia
NC+687|New Caledonia
NE+227|Niger
NF+672|Norfolk Island
NG+234/0|Nigeria
NI+505|Nicaragua
NL+31/0|Netherlands|The Netherlands|Netherlands (Kingdom of the)|Holland|Nederland|Niederlande|Pays-Bas|Países Bajos|Paesi Bassi|Países Baixos
NO+47|Norway|Norge|Norwegen|Norvège|Noruega|Norvegia|Noorwegen
NP+977/0|Nepal
NR+674|Nauru
NU+683|Niue
NZ+64/0|New Zealand|Neuseeland|Nouvelle-Zélande|Nueva Zelanda|Nuova Zelanda|Nieuw-Zeeland
OM+968|Oman
PA+507|Panama
PE+51/0|Peru
PF+689|French Polynesia
PG+675|Papua New Guinea
PH+63/0|Philippines
PK+92/0|Pakistan
PL+48|Poland|Polska|Polen|Pologne|Polonia
PM+508/0|Saint Pierre and Miquelon
PN|Pitcairn Islands|Pitcairn
PR+1/1|Puerto Rico
PS+970/0|Palestine|State of Palestine|Palestinian Territories
PT+351|Portugal|Portogallo
PW+680|Palau
PY+595/0|Paraguay
QA+974|Qatar
RE+262/0|Réunion
RO+40/0|Romania
RS+381/0|Serbia
RU+7/8|Russia|Russian Federation|Россия|Russland|Russie|Rusia|Rusland
RW+250/0|Rwanda
SA+966/0|Saudi Arabia|KSA|Kingdom of Saudi Arabia
SB+677|Solomon Islands
SC+248|Seychelles
SD+249/0|Sudan
SE+46/0|Sweden|Sverige|Schweden|Suède|Suecia|Svezia|Zweden
SG+65|Singapore|Singapur|Singapour
SH+290|Saint Helena
SI+386/0|Slovenia
SJ+47|Svalbard and Jan Mayen
SK+421/0|Slovakia
SL+232/0|Sierra Leone
SM+378|San Marino
SN+221|Senegal
SO+252/0|Somalia
SR+597|Suriname
SS+211/0|South Sudan
ST+239|São Tomé and Príncipe
SV+503|El Salvador
SX+1/1|Sint Maarten|Sint Maarten (Dutch part)
SY+963/0|Syria|Syrian Arab Republic
SZ+268|Eswatini
TC+1/1|Turks and Caicos Islands
TD+235|Chad
TF|French Southern Territories
TG+228|Togo
TH+66/0|Thailand
TJ+992|Tajikistan
TK+690|Tokelau
TL+670|Timor-Leste
TM+993/8|Turkmenistan
TN+216|Tunisia
TO+676|Tonga
TR+90/0|Türkiye|Turkey|Türkei|Turquie|Turquía|Turchia|Turkije
TT+1/1|Trinidad and Tobago
TV+688|Tuvalu
TW+886/0|Taiwan|Taiwan, Province of China|台灣|台湾
TZ+255/0|Tanzania|United Republic of Tanzania|Tanzania, United Republic of
UA+380/0|Ukraine
UG+256/0|Uganda
UM|United States Minor Outlying Islands|U.S. Outlying Islands
US+1/1|United States|United States of America|USA|America|Vereinigte Staaten|Vereinigte Staaten von Amerika|États-Unis|Estados Unidos|Stati Uniti|Verenigde Staten
UY+598/0|Uruguay
UZ+998|Uzbekistan
VA+39|Vatican City|Holy See (Vatican City State)
VC+1/1|Saint Vincent and the Grenadines
VE+58/0|Venezuela|Venezuela, Bolivarian Republic of
VG+1/1|British Virgin Islands|Virgin Islands, British
VI+1/1|U.S. Virgin Islands|Virgin Islands, U.S.
VN+84/0|Vietnam|Viet Nam
VU+678|Vanuatu
WF+681|Wallis and Futuna
WS+685|Samoa
YE+967/0|Yemen
YT+262/0|Mayotte
ZA+27/0|South Africa|Südafrika|Afrique du Sud|Sudáfrica|Zuid-Afrika|África do Sul
ZM+260/0|Zambia
ZW+263/0|Zimbabwe`;

/** Possible national number lengths (min-max) per country calling code, from the same libphonenumber metadata. */
export const CALLING_CODE_LENGTHS =
  '1:7-10 7:10-14 20:8-10 27:5-10 30:10-12 31:5-11 32:8-9 33:9 34:9 36:8-9 39:6-12 40:6-9 41:9-12 43:4-13 44:7-10 45:8 46:6-12 47:5-8 48:6-10 49:4-15 51:8-9 52:10 53:6-10 54:10-11 55:8-11 56:9-11 57:8-11 58:10 60:8-10 61:5-12 62:7-17 63:6-13 64:5-10 65:8-11 66:8-13 81:8-17 82:5-14 84:7-10 86:7-12 90:7-13 91:8-13 92:8-12 93:9 94:9 95:6-10 98:4-10 211:9 212:9 213:8-9 216:8 218:9 220:7-9 221:9 222:8 223:8 224:8-9 225:10 226:8 227:8 228:8 229:10 230:7-10 231:7-9 232:8 233:8-9 234:10-14 235:8 236:8 237:8-9 238:7 239:7 240:9 241:7-8 242:9 243:7-10 244:9 245:7-9 246:7 247:5-6 248:7 249:9 250:8-9 251:9 252:6-9 253:8 254:7-10 255:9 256:9 257:8 258:8-9 260:9 261:9 262:9 263:7-10 264:8-9 265:7-9 266:8 267:7-10 268:8-9 269:7 290:4-5 291:7 297:7 298:6 299:6 350:8 351:9 352:4-11 353:7-10 354:7-9 355:6-9 356:8 357:8 358:5-12 359:6-12 370:8 371:8 372:7-10 373:8 374:8 375:6-11 376:6-9 377:8-9 378:8-10 380:9-10 381:6-12 382:8-9 383:8-12 385:7-9 386:5-8 387:8-9 389:8 420:9-12 421:6-9 423:7-9 500:5 501:7-11 502:8-11 503:7-11 504:8-11 505:8 506:8-10 507:7-11 508:6-9 509:8 590:9 591:8-9 592:7 593:8-11 594:9 595:6-11 596:9 597:6-7 598:4-13 599:7-8 670:7-8 672:6 673:7 674:7 675:7-8 676:5-7 677:5-7 678:5-7 679:7-11 680:7 681:6-9 682:5 683:4-7 685:5-10 686:5-8 687:6 688:5-7 689:6-9 690:4-7 691:7 692:7 850:8-10 852:5-11 853:7-8 855:8-10 856:8-10 880:6-10 886:7-11 960:7-10 961:7-8 962:8-9 963:8-9 964:8-10 965:7-8 966:9-10 967:7-9 968:7-9 970:8-10 971:5-12 972:7-12 973:8 974:7-11 975:7-8 976:8-10 977:8-11 992:9 993:8 994:9 995:9 996:9-10 998:9';
