// NANP area code -> IANA zone for the US and Canada, for leads with no zone or postal code.
// Coverage: area codes lying wholly (or all but a sliver) in one zone. A code in service that is
// in no table (a new overlay) names every zone of its country (countryZonesOfNanp), so nobody is
// called on the campaign's zone by guess. Codes clearly split
// between zones (208 Idaho, 270 Kentucky, 850 Florida, 709 Newfoundland and Labrador, 250 British Columbia, ...) are in nanp-split-area-codes.ts
// with every zone they span.

const zones: Record<string, string> = {
  'America/New_York':
    '202 203 207 212 215 216 220 223 229 231 234 239 240 248 252 260 267 269 272 276 283 301 302 304 305 313 315 317 321 326 330 ' +
    '332 336 339 347 351 352 363 380 386 401 404 407 410 412 413 419 423 434 436 440 443 445 463 470 472 475 478 484 502 508 ' +
    '513 516 517 518 540 551 561 567 570 571 574 582 585 586 603 606 607 609 610 614 616 617 631 640 646 656 667 678 679 680 ' +
    '681 689 703 704 706 716 717 718 724 727 732 734 740 743 754 757 762 765 770 771 772 774 781 786 802 803 804 810 813 814 ' +
    '826 828 835 838 839 843 845 848 854 856 857 859 860 862 863 864 865 878 904 908 910 912 914 917 919 929 934 937 941 ' +
    '943 947 948 954 959 973 978 980 984 989 906 201 227 324 329 645 686 728 821',
  'America/Chicago':
    '205 210 214 217 218 219 224 225 228 251 254 256 262 274 281 309 312 314 316 318 319 320 325 327 331 334 337 346 361 402 ' +
    '405 409 414 417 430 432 447 464 469 479 501 504 507 512 515 531 534 539 557 563 572 573 580 601 608 612 615 618 620 629 ' +
    '630 636 641 651 659 660 662 682 701 708 712 713 715 726 730 731 737 763 769 773 779 785 806 815 816 817 830 832 847 870 ' +
    '872 901 903 913 918 920 931 936 938 940 945 952 956 972 975 979 985 235 353 457 471 483',
  'America/Denver': '303 307 385 406 435 505 575 719 720 748 801 915 970 983',
  'America/Phoenix': '480 520 602 623 928',
  'America/Los_Angeles':
    '206 209 213 253 279 310 323 341 350 360 408 415 424 425 442 458 503 509 510 530 541 559 562 564 619 626 628 650 657 661 ' +
    '669 702 707 714 725 747 760 775 805 818 820 831 840 858 909 916 925 949 951 971 369 738',
  'America/Anchorage': '907',
  'Pacific/Honolulu': '808',
  // Canada
  'America/Toronto': '226 249 263 289 343 354 365 382 416 437 438 450 468 514 519 548 579 613 647 683 705 742 753 819 873 905 942',
  'America/Halifax': '782 902',
  'America/Moncton': '428 506',
  'America/Winnipeg': '204 431 584',
  'America/Regina': '306 474 639',
  'America/Edmonton': '368 403 587 780 825',
  'America/Vancouver': '604',
};

export const nanpAreaCodeZones: ReadonlyMap<string, string> = new Map(
  Object.entries(zones).flatMap(([zone, codes]) => codes.split(' ').map((code) => [code, zone] as const)),
);

/** Every zone of a NANP country, the most populous first: what a number of a geographic area
 * code the tables do not know may be in. */
export const countryZonesOfNanp: Readonly<Record<string, readonly string[]>> = {
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'],
  CA: ['America/Toronto', 'America/Vancouver', 'America/Edmonton', 'America/Winnipeg', 'America/Regina', 'America/Halifax', 'America/St_Johns'],
};

/** NANP codes that name no place: toll-free (800, 833...), premium (900), personal and
 * non-geographic services (500, 52X, 533, 544..., 600, 622, 633, 710). Their numbers say nothing of a zone. */
export function isNonGeographicNanpCode(code: string): boolean {
  return /^[2-9]00$/.test(code) || /^8(\d)\1$/.test(code) || /^5(2\d|33|44|66|77|88)$/.test(code) || ['622', '633', '710'].includes(code);
}
