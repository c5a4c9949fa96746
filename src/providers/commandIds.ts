/** Our command ids; the only commands hover links may run. */
export const Commands = {
  openConcept: 'mlLens.openConcept',
  showInSidebar: 'mlLens.showInSidebar',
  findConcept: 'mlLens.findConcept',
  revealConceptUnderCursor: 'mlLens.revealConceptUnderCursor',
  plotActivation: 'mlLens.plotActivation',
  openShapes: 'mlLens.openShapes',
  revealOccurrence: 'mlLens.revealOccurrence',
} as const;

export const TRUSTED_HOVER_COMMANDS: readonly string[] = [
  Commands.openConcept,
  Commands.showInSidebar,
  Commands.plotActivation,
  Commands.openShapes,
];

export const Views = {
  container: 'mlLens',
  concepts: 'mlLens.concepts',
  inThisFile: 'mlLens.inThisFile',
} as const;
