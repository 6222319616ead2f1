// The focused element's focus ring, for tests/browser/test_accessibility.py: the rings it
// draws (outline, box-shadow spread) with their width and their contrast against the
// background around the element (WCAG 1.4.11 and 2.4.7). Marks the element, so that a caller
// tabbing through a page knows when focus has come round.
() => {
  const el = document.activeElement;
  const rgb = text => {
    const [r, g, b, a = 1] = text.match(/[\d.]+/g).map(Number);
    return {r, g, b, a};
  };
  const luminance = ({r, g, b}) => [r, g, b]
    .map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (x, y) => {
    const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (light + 0.05) / (dark + 0.05);
  };
  let behind = {r: 255, g: 255, b: 255, a: 1};
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = rgb(getComputedStyle(node).backgroundColor);
    if (colour.a > 0) { behind = colour; break; }
  }
  const style = getComputedStyle(el);
  const rings = [];
  if (style.outlineStyle !== 'none') {
    rings.push({width: parseFloat(style.outlineWidth), colour: rgb(style.outlineColor)});
  }
  for (const shadow of style.boxShadow === 'none' ? [] : style.boxShadow.split(/,(?![^(]*\))/)) {
    const colour = shadow.match(/rgba?\([^)]*\)/);
    const lengths = shadow.replace(/rgba?\([^)]*\)/, '').match(/-?[\d.]+px/g) || [];
    if (colour && lengths.length >= 4) rings.push({width: parseFloat(lengths[3]), colour: rgb(colour[0])});
  }
  const seen = el.dataset.focusSeen === 'y';
  el.dataset.focusSeen = 'y';
  return {
    element: el.outerHTML.slice(0, 120), seen, body: el === document.body,
    visible: el.matches(':focus-visible'),
    best: Math.max(0, ...rings.filter(ring => ring.width >= 2 && ring.colour.a > 0)
                              .map(ring => contrast(ring.colour, behind))),
  };
}
