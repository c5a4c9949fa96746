/**
 * Everything ML Lens uses from Lezer at run time, in one module. The extension bundle ships it as a separate
 * file (dist/lezer.js) that loads on first use, so parsing costs nothing at activation.
 */
export { parser } from '@lezer/python';
export { NodeProp, TreeFragment } from '@lezer/common';
