/** Checks of mask regions: brush RLE format and size, bitmask PNG data URLs (PREDICTIONS.md §3.4). */
import { quote } from './findingText';
import type { ItemContext } from './itemContext';
import * as l10n from '../text/l10n';
import { RleError, readRleHeader } from './rle';

export function checkBrush(c: ItemContext): void {
  const { format, rle } = c.value;
  if (format !== 'rle') {
    c.out.add(
      'dropped',
      [c.index, 'value', 'format'],
      format === undefined
        ? l10n.t('value.format is missing; brush results need "rle".')
        : l10n.t('value.format is {0}; brush results need "rle".', quote(format)),
      l10n.t('Send "format": "rle" with the mask in "rle".'),
    );
  }
  if (!Array.isArray(rle)) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'rle'],
      l10n.t('value.rle is not a list of bytes, so no mask is drawn.'),
      l10n.t('Encode the mask with label_studio_converter.brush.mask2rle and send the list.'),
    );
    return;
  }
  let count: number;
  try {
    count = readRleHeader(rle).count;
  } catch (e) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'rle'],
      e instanceof RleError ? e.message : String(e),
      l10n.t('Encode the mask with label_studio_converter.brush.mask2rle.'),
    );
    return;
  }
  if (!c.size) return;
  const expected = c.size.width * c.size.height * 4;
  if (count !== expected) {
    const pixels = count / 4;
    const { width, height } = c.size;
    c.out.add(
      'dropped',
      [c.index, 'value', 'rle'],
      pixels === width * height
        ? l10n.t(
            'The RLE decodes to {0} values, but the {1}×{2} image needs {3} (width × height × 4): no mask is drawn.',
            count,
            width,
            height,
            expected,
          )
        : pixels === Math.round(pixels)
          ? l10n.t(
              'The RLE decodes to {0} values, but the {1}×{2} image needs {3} (width × height × 4) ({4} pixels: a mask of another size): no mask is drawn.',
              count,
              width,
              height,
              expected,
              pixels,
            )
          : l10n.t(
              'The RLE decodes to {0} values, but the {1}×{2} image needs {3} (width × height × 4) ({4} pixels: a mask of another size, or not RGBA): no mask is drawn.',
              count,
              width,
              height,
              expected,
              pixels,
            ),
      l10n.t("Encode a mask of the image's own size (height rows × width columns, RGBA) with mask2rle."),
    );
  }
}

export function checkBitmask(c: ItemContext): void {
  const url = c.value.imageDataURL;
  if (typeof url !== 'string' || !url.startsWith('data:image/png;base64,')) {
    c.out.add(
      'dropped',
      [c.index, 'value', 'imageDataURL'],
      l10n.t('value.imageDataURL is not a PNG data URL, so no mask is drawn.'),
      l10n.t('Send "imageDataURL": "data:image/png;base64,…" (mask pixels opaque on transparent).'),
    );
  }
}
