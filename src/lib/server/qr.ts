import QRCode from 'qrcode';

/**
 * A QR code as inline SVG markup: the same input gives the same markup, so a test can regenerate it. Posters on a
 * wall get a wider quiet zone (margin 2) than letters and ballot papers (1).
 */
export function qrSvg(text: string, margin = 1): Promise<string> {
	return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin });
}
