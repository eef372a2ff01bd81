// How wide a chart's text is, without measuring it. Vega measures text with the optional `canvas` package when it
// is installed and estimates it otherwise (0.8 em a character), so the layout, and the bytes, would depend on the
// machine. This estimate, per character class for a sans-serif, is used instead for every chart and for placing
// the moment labels: the same everywhere, and close enough that long labels are not cut short.

export function estimateTextWidth(item: { fontSize?: number; fontWeight?: string | number }, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  let em = 0;
  for (const c of String(text ?? '').trim()) {
    if (/[ijlt.,:;'|!I()[\]f ]/.test(c)) em += 0.3;
    else if (/[mwMW@]/.test(c)) em += 0.88;
    else if (/[A-Z0-9#%&_<>=+~?]/.test(c)) em += 0.66;
    else em += 0.56;
  }
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  return em * size * (bold ? 1.07 : 1);
}
