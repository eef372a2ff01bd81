// The Records tab's product ID search: empty finds every record; text finds ids containing it; `*` stands for any
// run of characters (ABC*-RED). Case does not matter. Matching is a left-to-right scan for each literal piece, so a
// pattern can never make the event loop wait (no regular expression is built from what a user typed).

export function productMatcher(search: string | undefined): (productId: string) => boolean {
  const text = (search ?? '').trim().toLowerCase();
  if (text === '' || /^\*+$/.test(text)) return () => true;
  if (!text.includes('*')) return (id) => id.toLowerCase().includes(text);
  const pieces = text.split('*');
  const anchoredStart = !text.startsWith('*');
  const anchoredEnd = !text.endsWith('*');
  return (productId) => {
    const id = productId.toLowerCase();
    let at = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece === '') continue;
      if (i === 0 && anchoredStart) {
        if (!id.startsWith(piece)) return false;
        at = piece.length;
        continue;
      }
      if (i === pieces.length - 1 && anchoredEnd) return id.length - piece.length >= at && id.endsWith(piece);
      const found = id.indexOf(piece, at);
      if (found < 0) return false;
      at = found + piece.length;
    }
    return true;
  };
}
